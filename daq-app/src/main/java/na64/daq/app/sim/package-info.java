/**
 * The emulator's commands: {@code daq simulate} ({@link na64.daq.app.sim.SimulateCommand}) and
 * {@code daq efficiency} ({@link na64.daq.app.sim.EfficiencyCommand}, core in
 * {@link na64.daq.app.sim.EfficiencyStudy}).
 */
package na64.daq.app.sim;
