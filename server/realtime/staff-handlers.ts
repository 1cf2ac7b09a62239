/**
 * Admins manage the staff of their hall over the socket: list the accounts, reset a password, clear
 * a lockout, sign someone out everywhere. Supervisors may not (they act on counters, not accounts).
 * The staff themselves stay in the hall file.
 */
import type { Socket } from 'socket.io';
import type { HallQ } from '../app/hallq';
import type { StaffConfig } from '../core/model';
import type { Principal } from './auth';
import type { StaffAccountView } from './contract';
import type { On } from './on';
import { openCounterOf } from './projections';
import { rooms } from './rooms';

/** Where the admins' actions are recorded (the handlers' log). */
export interface StaffAuditLog {
	info(obj: object, msg: string): void;
}

export function registerStaffHandlers(on: On, principal: Principal, hallq: HallQ, socket: Pick<Socket, 'nsp'>, log: StaffAuditLog): void {
	const { hall, actor } = principal.data;
	const runner = hallq.runner(hall);
	const accounts = hallq.accounts;

	const view = async (staff: StaffConfig, openCounter: string | null): Promise<StaffAccountView> => ({
		id: staff.id,
		name: staff.name,
		role: staff.role,
		counters: [...staff.counters],
		...(await accounts.accountStatus(hall, staff.id)),
		openCounter
	});
	const viewOf = async (staffId: string): Promise<StaffAccountView> => {
		const staff = accounts.member(hall, staffId);
		return view(staff, openCounterOf((await runner.current()).state, staff.id));
	};
	/** Every connection of the person, on every process (through the adapter). */
	const disconnect = (staffId: string) => socket.nsp.in(rooms.staff(hall, staffId)).disconnectSockets(true);

	on('staff:list', ['admin'], async (): Promise<StaffAccountView[]> => {
		const { state } = await runner.current();
		return Promise.all(runner.index.config.staff.map((s) => view(s, openCounterOf(state, s.id))));
	});
	on('staff:resetPassword', ['admin'], async (p) => {
		await accounts.resetPassword(hall, p.staff, p.password, actor);
		disconnect(p.staff);
		log.info({ hall, admin: actor, staff: p.staff }, 'password reset by an admin');
		return viewOf(p.staff);
	});
	on('staff:unlock', ['admin'], async (p) => {
		await accounts.unlock(hall, p.staff, actor);
		log.info({ hall, admin: actor, staff: p.staff }, 'account unlocked by an admin');
		return viewOf(p.staff);
	});
	on('staff:signOut', ['admin'], async (p) => {
		accounts.member(hall, p.staff);
		await accounts.signOutEverywhere(hall, p.staff, actor);
		disconnect(p.staff);
		log.info({ hall, admin: actor, staff: p.staff }, 'signed out everywhere by an admin');
		return viewOf(p.staff);
	});
}
