import { randomBytes } from 'node:crypto';
import type { Command } from '../core/commands';
import { fail } from '../core/errors';
import type { StoredEvent } from '../core/events';
import type { HallDayKey } from '../core/hall-day';
import { indexHall } from '../core/hall-index';
import type { DeviceConfig, HallConfig, HallDayState, StaffConfig } from '../core/model';
import type { Clock, EventStore } from '../core/ports';
import { HallRunner, type CommandOutcome, type RunnerLog } from './hall-runner';
import { LoginLimiter } from './login-limiter';
import { hashDeviceToken, verifyPassword } from './passwords';
import { signSession, verifySession, type SessionClaims } from './sessions';

export interface HallQOptions {
	halls: HallConfig[];
	store: EventStore;
	clock: Clock;
	log: RunnerLog;
	sessionHours?: number;
	/** With several processes on one store: how often each polls the log for the others' events. */
	followEveryMs?: number;
}

export type EventListener = (runner: HallRunner, key: HallDayKey, events: StoredEvent[], state: HallDayState, remote: boolean) => void;

export interface DeviceIdentity {
	hall: string;
	device: DeviceConfig;
}

/** The application: every hall's runner, device and staff authentication. Transport-free. */
export class HallQ {
	readonly runners = new Map<string, HallRunner>();
	private readonly devices = new Map<string, DeviceIdentity>();
	private readonly listeners: EventListener[] = [];
	private readonly sessionMs: number;
	private readonly logins: LoginLimiter;

	constructor(private readonly o: HallQOptions) {
		this.sessionMs = (o.sessionHours ?? 12) * 3_600_000;
		this.logins = new LoginLimiter(o.clock);
		for (const hall of o.halls) {
			if (this.runners.has(hall.id)) throw new Error(`hall "${hall.id}" is configured twice`);
			const runner: HallRunner = new HallRunner({
				index: indexHall(hall),
				store: o.store,
				clock: o.clock,
				log: o.log,
				followEveryMs: o.followEveryMs,
				onEvents: (key, events, state, remote) => {
					for (const l of this.listeners) l(runner, key, events, state, remote);
				}
			});
			this.runners.set(hall.id, runner);
			for (const d of hall.devices) {
				if (this.devices.has(d.tokenHash)) throw new Error(`device token of ${hall.id}/${d.id} is used twice`);
				this.devices.set(d.tokenHash, { hall: hall.id, device: d });
			}
		}
	}

	get clock(): Clock {
		return this.o.clock;
	}

	onEvents(listener: EventListener): void {
		this.listeners.push(listener);
	}

	runner(hall: string): HallRunner {
		return this.runners.get(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`);
	}

	execute(hall: string, cmd: Command): Promise<CommandOutcome> {
		return this.runner(hall).execute(cmd);
	}

	/** Loads every hall's current day, so the first command does not wait for it. */
	async warmUp(): Promise<void> {
		await Promise.all([...this.runners.values()].map((r) => r.current()));
	}

	deviceByToken(token: string): DeviceIdentity | null {
		return this.devices.get(hashDeviceToken(token)) ?? null;
	}

	async login(
		hall: string,
		staffId: string,
		password: string,
		client: string
	): Promise<{ session: string; expiresAt: number; staff: StaffConfig; hall: HallConfig }> {
		const account = `${hall}/${staffId}`;
		if (!this.logins.allow(client, account)) fail('AUTH.RATE_LIMITED', 'too many sign-in attempts, please wait a few minutes');
		const runner = this.runners.get(hall);
		const staff = runner?.index.staff.get(staffId);
		// Verify against a fixed hash when the account is unknown, so timing does not reveal which ids exist.
		const ok = (await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH)) && staff !== undefined;
		if (!runner || !staff || !ok) {
			this.logins.failed(account);
			fail('AUTH.INVALID', 'wrong hall, staff id or password');
		}
		this.logins.succeeded(account);
		const expiresAt = this.o.clock.now() + this.sessionMs;
		return { session: signSession({ hall, staff: staff.id, exp: expiresAt }, runner.index.config.secret), expiresAt, staff, hall: runner.index.config };
	}

	verifySession(token: string): SessionClaims | null {
		return verifySession(token, (hall) => this.runners.get(hall)?.index.config.secret, this.o.clock.now());
	}

	/** Secret for a ticket's status link. */
	newTicketToken(): string {
		return randomBytes(12).toString('base64url');
	}

	async close(): Promise<void> {
		await Promise.all([...this.runners.values()].map((r) => r.close()));
	}
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
