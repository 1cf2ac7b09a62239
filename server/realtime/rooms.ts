/** Room names. Calls go only to boards' rooms; counts go to everyone of the hall. */
export const rooms = {
	/** Hall boards: every call of the hall. */
	hallBoards: (hall: string) => `hall:${hall}`,
	zone: (hall: string, zone: string) => `zone:${hall}:${zone}`,
	counter: (hall: string, counter: string) => `counter:${hall}:${counter}`,
	/** Kiosks, consoles and boards of the hall: waiting counts. */
	counts: (hall: string) => `counts:${hall}`,
	kiosk: (hall: string, kiosk: string) => `kiosk:${hall}:${kiosk}`,
	staff: (hall: string, staff: string) => `staff:${hall}:${staff}`,
	/** The agent of a kiosk (the process on the kiosk PC): print jobs. */
	agent: (hall: string, kiosk: string) => `agent:${hall}:${kiosk}`,
	/** Every display board of the hall (whatever it shows): supervisors read their reports. */
	displays: (hall: string) => `displays:${hall}`,
	/** Live monitors of the hall (supervisors' pages, wall screens): `monitor:view`. */
	monitor: (hall: string) => `monitor:${hall}`,
	/** Supervisors and admins of the hall: device alerts. */
	supervisors: (hall: string) => `supervisors:${hall}`,
	/** Who hears of device alerts: supervisors and the hall's monitors (a wall screen too); a socket in both gets one. */
	deviceWatchers: (hall: string) => [`supervisors:${hall}`, `monitor:${hall}`],
	ticket: (hall: string, day: string, ticket: string) => `ticket:${hall}:${day}:${ticket}`,
	/** The evaluation terminals of a counter: rating prompts. */
	evaluator: (hall: string, counter: string) => `evaluator:${hall}:${counter}`,
	/** Every connection of one device (its token can be revoked). */
	device: (hall: string, device: string) => `device:${hall}:${device}`
};
