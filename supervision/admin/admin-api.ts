/** The admin pages' HTTP API (the session is the httpOnly cookie): configuration versions and device tokens. */
import type { ConfigChange, ConfigVersionInfo, DeviceTokenView, HallConfig, IssuedDeviceTokenView, RevokedDeviceView } from '$contract';
import { getJson, type Answer } from '$supervision/reports/report-api';

export type { Answer };

/** The version in force as the admin API answers it. */
export type CurrentConfig = ConfigVersionInfo & { config: HallConfig; inForce: number | null };

/** One problem of a refused configuration, at its field (`services[3].prefix`). */
export interface ConfigProblemView {
	path: string;
	message: string;
	zh: string;
}

export interface SavedConfig {
	saved: boolean;
	version: ConfigVersionInfo;
	/** In force now, or why not today (`CONFIG.IN_USE`: from tomorrow). */
	applied: true | { code: string; message: string };
}

export type PostAnswer<T> = Answer<T> | { ok: false; status: 422; code: 'CONFIG.INVALID'; problems: ConfigProblemView[] };

async function postJson<T>(path: string, body: unknown): Promise<PostAnswer<T>> {
	try {
		const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
		const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string; problems?: ConfigProblemView[] } }) | null;
		if (res.ok) return { ok: true, value: json as T };
		if (res.status === 422 && json?.error?.problems) return { ok: false, status: 422, code: 'CONFIG.INVALID', problems: json.error.problems };
		return { ok: false, status: res.status, code: json?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, status: 0, code: 'CLIENT.NETWORK' };
	}
}

export const fetchSession = () => getJson<{ staff: { id: string; role: string }; hall: { id: string; name: { zh: string; en: string } } }>('/api/session');
export const fetchCurrent = () => getJson<CurrentConfig>('/api/config');
export const fetchHistory = () => getJson<ConfigVersionInfo[]>('/api/config/versions?limit=100');
export const fetchChanges = (from: number, to: number) => getJson<ConfigChange[]>(`/api/config/compare?from=${from}&to=${to}`);
export const saveConfig = (config: HallConfig, basedOn: number, reason: string) => postJson<SavedConfig>('/api/config', { config, basedOn, reason });
export const rollbackTo = (to: number, basedOn: number, reason: string) => postJson<SavedConfig>('/api/config/rollback', { to, basedOn, reason });
export const exportUrl = (version?: number) => (version === undefined ? '/api/config/export' : `/api/config/export?version=${version}`);
export const fetchTokens = () => getJson<DeviceTokenView[]>('/api/devices/tokens');
export const fetchRevoked = () => getJson<RevokedDeviceView[]>('/api/devices/revoked');
export const issueToken = (device: string, replace: boolean) => postJson<IssuedDeviceTokenView>('/api/devices/token', { device, replace });
export const revokeDevice = (device: string) => postJson<RevokedDeviceView>('/api/devices/revoke', { device });
