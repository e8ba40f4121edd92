package dev.lazynet.examples.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help}, mixed into every example command with {@code @Mixin}. */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;
}
