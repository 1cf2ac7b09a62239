// Kiosk, console and boards are live socket clients: rendered in the browser only.
export const ssr = false;
