/** The admin pages' state: the version in force, the draft being edited, the history, the devices' tokens. */
import type { ConfigChange, ConfigVersionInfo, CounterConfig, DeviceTokenView, HallConfig, RevokedDeviceView, ServiceConfig, StaffConfig, Text } from '$contract';
import { signIn, signOut } from '$supervision/reports/report-api';
import { fetchChanges, fetchCurrent, fetchHistory, fetchRevoked, fetchSession, fetchTokens, issueToken, revokeDevice, rollbackTo, saveConfig, type ConfigProblemView, type CurrentConfig, type PostAnswer, type SavedConfig } from './admin-api';
import { M } from './strings';

export type Phase = 'loading' | 'signIn' | 'forbidden' | 'noVersions' | 'ready';
export interface Notice {
	kind: 'ok' | 'warn' | 'error';
	text: Text;
}

export class AdminController {
	phase = $state<Phase>('loading');
	loginError = $state<string | null>(null);
	signingIn = $state(false);
	current = $state<CurrentConfig | null>(null);
	draft = $state<HallConfig | null>(null);
	reason = $state('');
	problems = $state<ConfigProblemView[]>([]);
	notice = $state<Notice | null>(null);
	saving = $state(false);
	history = $state<ConfigVersionInfo[]>([]);
	changes = $state<{ version: number; list: ConfigChange[] } | null>(null);
	tokens = $state<DeviceTokenView[]>([]);
	revoked = $state<RevokedDeviceView[]>([]);
	/** A token just issued: shown once, then forgotten. */
	shownToken = $state<{ device: string; token: string } | null>(null);

	readonly dirty = $derived(this.draft !== null && this.current !== null && JSON.stringify(this.draft) !== JSON.stringify(this.current.config));

	async start(): Promise<void> {
		const s = await fetchSession();
		if (!s.ok) {
			this.phase = 'signIn';
			return;
		}
		if (s.value.staff.role !== 'admin') {
			this.phase = 'forbidden';
			return;
		}
		await this.load();
	}

	async signIn(hall: string, staff: string, password: string): Promise<void> {
		this.signingIn = true;
		const a = await signIn(hall, staff, password);
		this.signingIn = false;
		this.loginError = a.ok ? null : a.code;
		if (a.ok) await this.start();
	}

	async signOut(): Promise<void> {
		await signOut();
		this.phase = 'signIn';
	}

	async load(): Promise<void> {
		const [current, history, tokens, revoked] = await Promise.all([fetchCurrent(), fetchHistory(), fetchTokens(), fetchRevoked()]);
		if (!current.ok) {
			this.phase = current.code === 'AUTH.FORBIDDEN' ? 'forbidden' : current.code === 'CONFIG.NOT_FOUND' ? 'noVersions' : 'signIn';
			return;
		}
		this.current = current.value;
		this.draft = structuredClone(current.value.config);
		this.history = history.ok ? history.value : [];
		this.tokens = tokens.ok ? tokens.value : [];
		this.revoked = revoked.ok ? revoked.value : [];
		this.problems = [];
		this.phase = 'ready';
	}

	/** Changes one service of the draft. */
	setService(code: string, patch: Partial<ServiceConfig>): void {
		const s = this.draft?.services.find((x) => x.code === code);
		if (s) Object.assign(s, patch);
	}

	/** Changes one staff member of the draft. */
	setStaff(id: string, patch: Partial<StaffConfig>): void {
		const s = this.draft?.staff.find((x) => x.id === id);
		if (s) Object.assign(s, patch);
	}

	/** Changes one counter of the draft. */
	setCounter(id: string, patch: Partial<CounterConfig>): void {
		const c = this.draft?.counters.find((x) => x.id === id);
		if (c) Object.assign(c, patch);
	}

	discard(): void {
		if (this.current) this.draft = structuredClone(this.current.config);
		this.problems = [];
		this.notice = null;
	}

	/** The problem at a field of the draft (`services[3].prefix`), in the page's language. */
	problemAt(path: string): ConfigProblemView | undefined {
		return this.problems.find((p) => p.path === path || p.path.startsWith(`${path}.`));
	}

	async save(): Promise<void> {
		if (!this.draft || !this.current) return;
		if (!this.reason.trim()) {
			this.notice = { kind: 'error', text: M.needReason };
			return;
		}
		this.saving = true;
		const a = await saveConfig($state.snapshot(this.draft) as HallConfig, this.current.version, this.reason.trim());
		this.saving = false;
		await this.answered(a);
	}

	async rollback(to: number, reason: string): Promise<void> {
		if (!this.current) return;
		if (!reason.trim()) {
			this.notice = { kind: 'error', text: M.needReason };
			return;
		}
		await this.answered(await rollbackTo(to, this.current.version, reason.trim()));
	}

	private async answered(a: PostAnswer<SavedConfig>): Promise<void> {
		if (a.ok) {
			this.reason = '';
			// The page shows the new version before it says so.
			await this.load();
			this.notice = { kind: a.value.applied === true ? 'ok' : 'warn', text: !a.value.saved ? M.unchanged : a.value.applied === true ? M.savedApplied : M.savedLater };
			return;
		}
		if ('problems' in a) {
			this.problems = a.problems;
			this.notice = { kind: 'error', text: M.invalid };
			return;
		}
		this.notice = { kind: 'error', text: a.code === 'CONFIG.CONFLICT' ? M.conflict : M.failed };
	}

	async compare(version: number): Promise<void> {
		if (version <= 1) return;
		const a = await fetchChanges(version - 1, version);
		this.changes = a.ok ? { version, list: a.value } : null;
	}

	async issue(device: string, replace: boolean): Promise<void> {
		const a = await issueToken(device, replace);
		if (!a.ok) {
			this.notice = { kind: 'error', text: M.failed };
			return;
		}
		this.shownToken = { device, token: a.value.token };
		await this.reloadTokens();
	}

	async revoke(device: string): Promise<void> {
		const a = await revokeDevice(device);
		if (!a.ok) this.notice = { kind: 'error', text: M.failed };
		await this.reloadTokens();
	}

	private async reloadTokens(): Promise<void> {
		const [tokens, revoked] = await Promise.all([fetchTokens(), fetchRevoked()]);
		if (tokens.ok) this.tokens = tokens.value;
		if (revoked.ok) this.revoked = revoked.value;
	}
}
