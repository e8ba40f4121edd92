package dev.lazynet.spark.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileManager;
import org.apache.spark.rpc.IsolatedThreadSafeRpcEndpoint;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpoint;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.util.RpcUtils;
import scala.PartialFunction;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * {@link SparkInternals} as Spark 3.5 to 4.2 have them, the same in both lines' sources:
 * {@code SparkEnv.rpcEnv}, {@code RpcUtils.makeDriverRef},
 * {@code SparkContext.maxNumConcurrentTasks} and the keys of {@code SparkContext}'s job properties.
 *
 * <p>Requests and answers are byte arrays: Spark's RPC layer deserializes messages with the class loader
 * it was created with, which on an executor does not see the application's jars, so only JDK types
 * cross it safely.
 */
final class SparkLineInternals implements SparkInternals {

    static final SparkLineInternals INSTANCE = new SparkLineInternals();

    private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);
    private static final List<String> JOB_PROPERTY_KEYS = List.of("spark.jobGroup.id", "spark.job.description",
            "spark.job.interruptOnCancel");

    private SparkLineInternals() {
    }

    @Override
    public boolean oneJobEpochs() {
        return true;
    }

    @Override
    public void checkLinks() throws ReflectiveOperationException {
        SparkContext.class.getMethod("maxNumConcurrentTasks", ResourceProfile.class);
        SparkContext.class.getMethod("resourceProfileManager");
        ResourceProfileManager.class.getMethod("defaultResourceProfile");
        SparkEnv.class.getMethod("rpcEnv");
        RpcEnv.class.getMethod("setupEndpoint", String.class, RpcEndpoint.class);
        RpcEnv.class.getMethod("stop", RpcEndpointRef.class);
        RpcUtils.class.getMethod("makeDriverRef", String.class, SparkConf.class, RpcEnv.class);
        RpcTimeout.class.getConstructor(FiniteDuration.class, String.class);
        RpcEndpointRef.class.getMethod("askSync", Object.class, RpcTimeout.class, ClassTag.class);
        RpcCallContext.class.getMethod("reply", Object.class);
        IsolatedThreadSafeRpcEndpoint.class.getMethod("threadCount");
    }

    @Override
    public int maxConcurrentTasks(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    @Override
    public List<String> jobPropertyKeys() {
        return JOB_PROPERTY_KEYS;
    }

    @Override
    public Server serve(String name, Handler handler) {
        RpcEnv rpcEnv = SparkEnv.get().rpcEnv();
        RpcEndpointRef ref = rpcEnv.setupEndpoint(name, new Endpoint(rpcEnv, handler));
        return () -> rpcEnv.stop(ref);
    }

    @Override
    public Client connect(String name) {
        SparkEnv env = SparkEnv.get();
        RpcEndpointRef driver = RpcUtils.makeDriverRef(name, env.conf(), env.rpcEnv());
        // Spark's own RpcUtils.INFINITE_TIMEOUT up to 4.1, which Spark 4.2 no longer has.
        RpcTimeout noTimeLimit = new RpcTimeout(new FiniteDuration(Long.MAX_VALUE, TimeUnit.NANOSECONDS), "infinite");
        return request -> driver.askSync(request, noTimeLimit, BYTES);
    }

    /** A driver endpoint whose byte messages go to a {@link SparkInternals.Handler} on one thread. */
    private static final class Endpoint implements IsolatedThreadSafeRpcEndpoint {
        private final RpcEnv rpcEnv;
        private final Handler handler;

        Endpoint(RpcEnv rpcEnv, Handler handler) {
            this.rpcEnv = rpcEnv;
            this.handler = handler;
        }

        @Override
        public RpcEnv rpcEnv() {
            return rpcEnv;
        }

        @Override
        public int threadCount() {
            return 1;
        }

        @Override
        public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
            return new AbstractPartialFunction<>() {
                @Override
                public boolean isDefinedAt(Object message) {
                    return message instanceof byte[];
                }

                @Override
                public BoxedUnit apply(Object message) {
                    handler.receive((byte[]) message, context::reply);
                    return BoxedUnit.UNIT;
                }
            };
        }
    }
}
