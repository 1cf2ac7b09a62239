/**
 * HID readers (node-hid): every write is one output report, [report id, payload padded to the
 * report size]; every input report is handed on as a chunk (its report id byte dropped when the
 * device numbers its reports). The zero padding after a frame's end is skipped by the reassembler.
 *
 * Plugging in node-hid later: `open: hidTransport(() => new HID.HID(path), { reportId: 0 })`.
 */
import { TransportEvents, type OpenTransport, type ReaderTransport } from './transport';

/** The part of node-hid's `HID` the adapter uses. */
export interface HidDeviceLike {
	write(report: number[]): number;
	on(event: 'data', listener: (report: Uint8Array) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	close(): void;
}

export interface HidOptions {
	/** 0 for a device without numbered reports (node-hid still wants the byte). */
	reportId?: number;
	/** Payload bytes per report, without the id byte. */
	reportSize?: number;
	/** Input reports start with the report id; default: when reportId is not 0. */
	inputHasReportId?: boolean;
}

export const HID_REPORT_SIZE = 64;

export function hidTransport(openDevice: () => HidDeviceLike | Promise<HidDeviceLike>, options: HidOptions = {}): OpenTransport {
	const reportId = options.reportId ?? 0;
	const reportSize = options.reportSize ?? HID_REPORT_SIZE;
	const stripId = options.inputHasReportId ?? reportId !== 0;
	return async () => {
		const device = await openDevice();
		const events = new TransportEvents();
		device.on('data', (report) => events.data(stripId ? report.subarray(1) : report));
		// node-hid reports an unplugged device as a read error.
		device.on('error', (error) => events.close(error));
		const transport: ReaderTransport = {
			write: async (bytes) => {
				for (const payload of splitInto(bytes, reportSize)) {
					const report = new Array<number>(reportSize + 1).fill(0);
					report[0] = reportId;
					payload.forEach((b, i) => (report[i + 1] = b));
					device.write(report);
				}
			},
			onData: (l) => events.onData(l),
			onClose: (l) => events.onClose(l),
			close: async () => {
				if (events.isClosed) return;
				device.close();
				events.close();
			}
		};
		return transport;
	};
}

export function splitInto(bytes: Uint8Array, size: number): Uint8Array[] {
	const parts: Uint8Array[] = [];
	for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
	return parts;
}
