/**
 * Evaluates a hall's alert rules and records what changed in its hall-day log (issue 19). The
 * realtime layer calls `evaluate` on a timer and after batches of events, with what only it knows:
 * whose consoles are connected and which devices report a problem. Transport-free.
 *
 * Each process keeps its own book per hall (the time a condition has been gone, the figures it
 * follows); the log keeps what was raised, escalated, acknowledged and cleared, and `recordAlerts`
 * drops what another process recorded first (docs/decisions.md, "Alerts").
 */
import { alertRecordOf, stepAlerts, type AlertBook, type AlertChange, type OpenAlert } from '../core/alert-book';
import { alertConditions, alertSettings, type AlertInputs } from '../core/alert-rules';
import { DomainError } from '../core/errors';
import type { DeviceFaultKind, HallDayState } from '../core/model';
import type { AlertNotifier } from '../core/ports';
import { dayNumber } from '../core/working-days';
import type { FollowUps } from './follow-ups';
import type { HallRunner } from './hall-runner';

export interface AlertPresence {
	/** Staff ids with a console (any signed-in connection) open now, on any process. */
	staffConnected: ReadonlySet<string>;
	/** The devices of the hall with a problem now. */
	devices: readonly { device: string; kind: DeviceFaultKind; problem: string }[];
	/** When this process saw each staff member's last connection close (others: when first found absent). */
	lastSeen?: ReadonlyMap<string, number>;
}

interface HallWatch {
	day: string;
	book: AlertBook;
	/** Per counter open without its staff's console: the evaluation that first found it so. */
	consoleGoneSince: Map<string, number>;
	seq: number;
}

export class AlertWatch {
	private readonly halls = new Map<string, HallWatch>();

	constructor(private readonly o: { runners: ReadonlyMap<string, HallRunner>; followUps: FollowUps; now: () => number; processId: string; notifier: AlertNotifier }) {}

	/** Evaluates the hall now; answers the book's changes (recorded in the log unless another process had). */
	async evaluate(hall: string, presence: AlertPresence): Promise<AlertChange[]> {
		const runner = this.o.runners.get(hall);
		if (!runner) return [];
		const { state } = await runner.current();
		if (state.closed) return [];
		const now = this.o.now();
		const watch = this.watchOf(hall, state, now);
		const settings = alertSettings(runner.index.config.alerts);
		const inputs: AlertInputs = {
			now,
			today: state.day,
			consoleGoneSince: Object.fromEntries(this.consolesGone(watch, state, presence, now)),
			devices: presence.devices,
			cases: await this.o.followUps.list(hall, false),
			daysUntil: (due) => dayNumber(due) - dayNumber(state.day)
		};
		const { book, changes } = stepAlerts(watch.book, alertConditions(runner.index, state, inputs, settings), now, settings.clearAfterSeconds * 1000);
		watch.book = book;
		const cmd = alertRecordOf(changes, `alerts:${this.o.processId}:${state.day}:${++watch.seq}`);
		if (cmd) {
			try {
				await runner.execute(cmd);
				this.o.notifier.alertsChanged(hall, changes);
			} catch (err) {
				if (!(err instanceof DomainError && (err.code === 'ALERT.UNCHANGED' || err.code === 'DAY.CLOSED'))) throw err;
			}
		}
		return changes;
	}

	/**
	 * The hall's watch for today, its book brought in line with the log: an alert another process
	 * raised is taken in, one it cleared is dropped (raised again here if its condition holds).
	 */
	private watchOf(hall: string, state: HallDayState, now: number): HallWatch {
		let watch = this.halls.get(hall);
		if (!watch || watch.day !== state.day) {
			watch = { day: state.day, book: {}, consoleGoneSince: new Map(), seq: 0 };
			this.halls.set(hall, watch);
		}
		const book: Record<string, OpenAlert> = {};
		for (const [id, logged] of Object.entries(state.alerts)) {
			const mine = watch.book[id];
			book[id] = mine ? { ...mine, acknowledged: logged.acknowledged } : { ...logged, seenAt: now, goneSince: null };
		}
		watch.book = book;
		return watch;
	}

	private consolesGone(watch: HallWatch, state: HallDayState, presence: AlertPresence, now: number): Map<string, number> {
		for (const [id, c] of Object.entries(state.counters)) {
			const present = c.status === 'closed' || (c.staff !== null && presence.staffConnected.has(c.staff));
			if (present) watch.consoleGoneSince.delete(id);
			else if (!watch.consoleGoneSince.has(id)) {
				const left = c.staff === null ? undefined : presence.lastSeen?.get(c.staff);
				watch.consoleGoneSince.set(id, left === undefined ? now : Math.max(left, c.since));
			}
		}
		return watch.consoleGoneSince;
	}
}
