/** A device token the server issued, as its answers show it (the registry's credentials; docs/security.md). */

/** A token just made: shown in this answer only. */
export interface IssuedDeviceToken {
	device: string;
	token: string;
	issuedAt: number;
	/** How many earlier tokens of the device this one replaced (revoked). */
	replaced: number;
}

/** A token as admins see it afterwards: never the token or a hash. */
export interface DeviceTokenView {
	device: string;
	issuedAt: number;
	issuedBy: string;
	revokedAt: number | null;
	revokedBy: string | null;
	/** The master keys' ids it is hashed under, sorted: the new key's id too once the device signed in after a rotation. */
	keys: string[];
}
