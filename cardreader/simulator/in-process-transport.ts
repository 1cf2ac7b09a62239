/**
 * Connects a CardReader to a SimulatedSam in the same process, with a plug that tests can pull:
 * unplugging closes the open connection and makes opening fail until it is plugged back in.
 */
import type { Clock } from '../clock';
import { TransportEvents, type OpenTransport, type ReaderTransport } from '../transports/transport';
import type { SimulatedSam } from './simulated-sam';

export class SimulatedPlug {
	private plugged = true;
	private current: TransportEvents | undefined;
	opened = 0;

	constructor(
		private readonly sam: SimulatedSam,
		private readonly clock?: Clock
	) {}

	readonly open: OpenTransport = async () => {
		if (!this.plugged) throw new Error('simulated reader is unplugged');
		this.opened++;
		const events = new TransportEvents();
		this.current = events;
		const transport: ReaderTransport = {
			write: async (bytes) => {
				if (events.isClosed) throw new Error('closed');
				const chunks = this.sam.receive(bytes, this.clock?.now() ?? 0);
				// Answers arrive after the write returns, one chunk at a time, as from a device.
				for (const chunk of chunks) queueMicrotask(() => events.data(chunk));
			},
			onData: (l) => events.onData(l),
			onClose: (l) => events.onClose(l),
			close: async () => events.close()
		};
		return transport;
	};

	unplug(): void {
		this.plugged = false;
		this.current?.close(new Error('unplugged'));
		this.current = undefined;
	}

	plugIn(): void {
		this.plugged = true;
	}
}
