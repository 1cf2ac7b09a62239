import type { HallConfig } from '../../server/core/model';
import { PrinterSimulator } from '../../printer/simulator/simulator';
import { testHall } from './test-hall';

/** The test hall whose kiosk K1 prints on an ESC/POS simulator on TCP (its network printer), which the test can switch. */
export async function hallWithSimulatedPrinter(): Promise<{ hall: HallConfig; sim: PrinterSimulator }> {
	const sim = new PrinterSimulator();
	const port = await sim.listen(0);
	const hall = testHall();
	hall.devices = hall.devices.map((d) => (d.id === 'K1' ? { ...d, printer: { kind: 'network' as const, host: '127.0.0.1', port } } : d));
	return { hall, sim };
}
