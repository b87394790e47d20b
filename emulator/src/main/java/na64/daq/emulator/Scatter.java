package na64.daq.emulator;

import java.util.Arrays;

/** Up to a fixed number of (E_ECAL, E_HCAL) points in GeV, for plots; later points beyond the cap are dropped. */
public final class Scatter {
    private final float[] ecal;
    private final float[] hcal;
    private int size;

    public Scatter(int capacity) {
        ecal = new float[capacity];
        hcal = new float[capacity];
    }

    /** Adds a point (MeV in, stored in GeV) if there is room. */
    public void add(double ecalMeV, double hcalMeV) {
        if (size < ecal.length) {
            ecal[size] = (float) (ecalMeV / 1000);
            hcal[size] = (float) (hcalMeV / 1000);
            size++;
        }
    }

    public int size() {
        return size;
    }

    /** E_ECAL of point {@code i}, GeV. */
    public double ecalGeV(int i) {
        return ecal[i];
    }

    /** E_HCAL of point {@code i}, GeV. */
    public double hcalGeV(int i) {
        return hcal[i];
    }

    @Override
    public String toString() {
        return "Scatter[" + size + " points, first " + Arrays.toString(Arrays.copyOf(ecal, Math.min(3, size))) + "]";
    }
}
