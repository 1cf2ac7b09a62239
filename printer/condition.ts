/** What a ticket printer can be in; the server's contract and the pages use this list too. */
export const PRINTER_CONDITIONS = ['ready', 'paperNearEnd', 'paperOut', 'coverOpen', 'error', 'offline', 'unknown'] as const;
export type PrinterCondition = (typeof PRINTER_CONDITIONS)[number];
