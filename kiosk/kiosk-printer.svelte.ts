import type { PrinterStateView, TicketPrint } from '$contract';
import type { HallSocket } from '$lib/client/socket';

/** After this long without a print result the kiosk stops waiting and shows the ticket's code. */
const PRINT_RESULT_WAIT_MS = 12_000;
/** Print results kept, by ticket (one may arrive just before the ticket screen is shown). */
const KEEP = 20;

export type PrintStatus =
	/** No printer at this kiosk: the ticket lives on the screen and in the phone. */
	| { kind: 'none' }
	| { kind: 'printing' }
	| { kind: 'printed' }
	| { kind: 'failed'; printer: PrinterStateView | null };

/**
 * The kiosk's ticket printer as the server reports it: its condition (sent on connecting and when it
 * changes, so the kiosk warns before anyone takes a number) and the outcome of each ticket's print.
 */
export class KioskPrinter {
	/** null: the server knows of no printer for this kiosk. */
	state = $state.raw<PrinterStateView | null>(null);
	private results = $state.raw<TicketPrint[]>([]);
	private waitingSince = $state.raw<Record<string, number>>({});
	now = $state(Date.now());

	/** A problem the citizen should know of before taking a number. */
	problem: PrinterStateView | null = $derived(this.state && this.state.problem ? this.state : null);

	attach(socket: HallSocket): void {
		socket.on('printer:state', (s) => {
			this.state = s;
		});
		socket.on('ticket:print', (r) => {
			this.results = [...this.results.filter((x) => x.ticket !== r.ticket), r].slice(-KEEP);
			if (this.state === null) this.state = r.printer;
		});
	}

	/** Called when a ticket is shown: the wait for its print result starts now. */
	expect(ticket: string): void {
		this.waitingSince = { ...this.waitingSince, [ticket]: Date.now() };
	}

	/** Called every second by the kiosk clock. */
	tick(now: number): void {
		this.now = now;
	}

	statusOf(ticket: string): PrintStatus {
		const result = this.results.find((r) => r.ticket === ticket);
		if (result) return result.printed ? { kind: 'printed' } : { kind: 'failed', printer: result.printer };
		if (this.state === null) return { kind: 'none' };
		const since = this.waitingSince[ticket] ?? this.now;
		if (this.now - since > PRINT_RESULT_WAIT_MS) return { kind: 'failed', printer: null };
		return { kind: 'printing' };
	}
}
