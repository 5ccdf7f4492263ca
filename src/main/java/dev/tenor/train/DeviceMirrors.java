package dev.tenor.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tenor.model.NoGrad;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-parallel copies of the weights: the master weights live on the first device; every other device
 * gets a mirror. Forward passes on a device read its mirror; after backward the mirrors' gradients are
 * summed into the master's, the optimiser updates the master, and the mirrors copy it back.
 * With one device this is just the master weights.
 */
final class DeviceMirrors extends ParameterStore {

    private final Device[] devices;
    private final Map<String, Parameter> byName;
    private final Map<Device, Map<Parameter, NDArray>> mirrors = new LinkedHashMap<>();
    private final List<NDManager> managers = new java.util.ArrayList<>();

    DeviceMirrors(NDManager master, Map<String, Parameter> byName, Device[] devices) {
        super(master, false);
        this.devices = devices;
        this.byName = byName;
        for (int i = 1; i < devices.length; i++) {
            NDManager m = master.newSubManager(devices[i]);
            managers.add(m);
            Map<Parameter, NDArray> copy = new HashMap<>();
            for (Parameter p : byName.values()) {
                NDArray a = p.getArray().toDevice(devices[i], true);
                a.attach(m);
                a.setRequiresGradient(true);
                copy.put(p, a);
            }
            mirrors.put(devices[i], copy);
        }
    }

    Device[] devices() {
        return devices;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        Map<Parameter, NDArray> m = mirrors.get(device);
        return m == null ? parameter.getArray() : m.get(parameter);
    }

    /** Master gradients with every mirror's gradient added (on the master device), by name, in {@code scope}. */
    Map<String, NDArray> gatherGradients(NDManager scope) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Parameter> e : byName.entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                g.attach(scope);
                for (Map<Parameter, NDArray> m : mirrors.values()) {
                    NDArray mg = m.get(e.getValue()).getGradient();
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

    /** Zeroes every gradient and copies the master weights to the mirrors. */
    void afterStep() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (Parameter p : byName.values()) {
                zero(p.getArray());
                for (Map<Parameter, NDArray> m : mirrors.values()) {
                    NDArray mirror = m.get(p);
                    zero(mirror);
                    p.getArray().copyTo(mirror);
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
    public void sync() {
        // the master weights are the model's own arrays: nothing to copy back
    }

    void close() {
        managers.forEach(NDManager::close);
    }
}
