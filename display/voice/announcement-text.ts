/**
 * The words of a call, as a speech voice is given them: "请 A012 号到 5 号窗口办理" is spoken
 * "请 A 零一二 号，到 五 号窗口办理" (ticket digits one by one, the counter as a number), and in
 * English "Number A, 0, 1, 2, please go to counter 5".
 */
import { counterNumberWords, digitWords } from './chinese-numerals';
import { ticketParts } from './ticket-number';

export interface CallToAnnounce {
	ticket: string;
	counterNumber: number;
}

/** The sentence shown on the board: "请 A012 号到 5 号窗口办理". */
export function shownChinese(c: CallToAnnounce): string {
	return `请 ${c.ticket} 号到 ${c.counterNumber} 号窗口办理`;
}

/** The sentence shown in English: "Number A012, please go to counter 5". */
export function shownEnglish(c: CallToAnnounce): string {
	return `Number ${c.ticket}, please go to counter ${c.counterNumber}`;
}

/** The Chinese sentence with the numbers spelled as they are read: "请 A 零一二 号，到 五 号窗口办理". */
export function spokenChinese(c: CallToAnnounce): string {
	const { letters, digits } = ticketParts(c.ticket);
	const ticket = [...letters, digitWords(digits).join('')].filter(Boolean).join(' ');
	return `请 ${ticket} 号，到 ${counterNumberWords(c.counterNumber).join('')} 号窗口办理`;
}

/** The English sentence for an English speech voice: letters and digits one by one. */
export function spokenEnglish(c: CallToAnnounce): string {
	const { letters, digits } = ticketParts(c.ticket);
	return `Number ${[...letters, ...digits].join(', ')}, please go to counter ${c.counterNumber}`;
}
