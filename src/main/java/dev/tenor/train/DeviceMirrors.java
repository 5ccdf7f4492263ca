package dev.tenor.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tenor.model.NoGrad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-parallel replicas of the weights, one per entry of the device list: replica 0 is the model's own
 * (master) weights on the first device; every other replica is a mirror on its device. A shard's forward
 * pass reads its replica's weights through {@link #store(int)}; after backward the replicas' gradients are
 * summed into one on the master device, the optimiser updates the master, and the mirrors copy it back.
 *
 * <p>Replicas are indexed, not keyed by device, so two replicas may share a device: {@code cpu,cpu} runs the
 * data-parallel path on a machine without GPUs (which is how it is tested). With one device this is just the
 * master weights.
 */
final class DeviceMirrors implements AutoCloseable {

    private final Device[] devices;
    private final Map<String, Parameter> byName;
    /** Replica i's arrays at index i - 1. */
    private final List<Map<Parameter, NDArray>> mirrors = new ArrayList<>();
    private final List<NDManager> managers = new ArrayList<>();
    private final List<ParameterStore> stores = new ArrayList<>();

    DeviceMirrors(NDManager master, Map<String, Parameter> byName, Device[] devices) {
        this.devices = devices.clone();
        this.byName = byName;
        stores.add(new ReplicaStore(master, null));
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 1; i < devices.length; i++) {
                NDManager m = master.newSubManager(devices[i]);
                managers.add(m);
                Map<Parameter, NDArray> copy = new HashMap<>();
                for (Parameter p : byName.values()) {
                    // on the master's own device toDevice hands back the same tensor (and its gradient): clone it
                    NDArray source = p.getArray();
                    NDArray a = devices[i].equals(source.getDevice()) ? source.duplicate()
                            : source.toDevice(devices[i], true);
                    a.attach(m);
                    a.setRequiresGradient(true);
                    copy.put(p, a);
                }
                mirrors.add(copy);
                stores.add(new ReplicaStore(m, copy));
            }
        }
    }

    /** How many replicas there are (the device list's length). */
    int size() {
        return devices.length;
    }

    Device device(int replica) {
        return devices[replica];
    }

    Device[] devices() {
        return devices.clone();
    }

    /** Where replica {@code replica}'s forward pass reads its weights. */
    ParameterStore store(int replica) {
        return stores.get(replica);
    }

    /**
     * The sum of the gradients of replicas {@code 0 .. used - 1} (those that took part in the step: a batch
     * smaller than the device list leaves the last replicas without a shard, and without a gradient), on the
     * master device, by name, in {@code scope}.
     */
    Map<String, NDArray> gatherGradients(NDManager scope, int used) {
        if (used < 1 || used > devices.length) {
            throw new IllegalArgumentException("replicas used: " + used + " of " + devices.length);
        }
        Map<String, NDArray> grads = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Parameter> e : byName.entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                g.attach(scope);
                for (int r = 1; r < used; r++) {
                    NDArray mg = mirrors.get(r - 1).get(e.getValue()).getGradient();
                    mg.attach(scope);
                    NDArray moved = mg.toDevice(devices[0], true);
                    moved.attach(scope);
                    g = g.add(moved);
                }
                grads.put(e.getKey(), g);
            }
        }
        return grads;
    }

    /** Zeroes every gradient and copies the master weights into the mirrors (an indexed copy, in place). */
    void afterStep() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (Parameter p : byName.values()) {
                zero(p.getArray());
                for (Map<Parameter, NDArray> m : mirrors) {
                    NDArray mirror = m.get(p);
                    zero(mirror);
                    mirror.set(new NDIndex(":"), p.getArray());
                }
            }
        }
    }

    /**
     * Overwrites a gradient with zeros. Not {@code g.subi(g)} (what DJL's own {@code zeroGradients} does):
     * NaN - NaN is NaN, so one bad step would poison every later one. Nor {@code copyTo}: DJL's PyTorch
     * engine then points the tensor at a Java buffer that dies with the wrapper (heap corruption). An
     * indexed assignment writes zeros into the gradient's own memory.
     */
    static void zero(NDArray a) {
        if (a.hasGradient()) {
            try (NDArray g = a.getGradient()) {
                g.set(new NDIndex(":"), 0f);
            }
        }
    }

    @Override
    public void close() {
        managers.forEach(NDManager::close);
    }

    /** One replica's view of the weights: the master's own arrays, or a mirror's. */
    private static final class ReplicaStore extends ParameterStore {

        private final Map<Parameter, NDArray> arrays;

        ReplicaStore(NDManager manager, Map<Parameter, NDArray> arrays) {
            super(manager, false);
            this.arrays = arrays;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            return arrays == null ? parameter.getArray() : arrays.get(parameter);
        }

        @Override
        public void sync() {
            // the master weights are the model's own arrays, and the mirrors are refreshed after each step
        }
    }
}
