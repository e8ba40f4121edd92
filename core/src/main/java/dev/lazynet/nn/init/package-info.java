/**
 * Initializers for deferred parameters: the {@link dev.lazynet.nn.init.Initializer} interface, the
 * standard schemes in {@link dev.lazynet.nn.init.Initializers}, and their text form. Depends on
 * {@code dev.lazynet.tensor} only.
 */
package dev.lazynet.nn.init;
