/**
 * SW3 is the SAM's own status (SW1 SW2 relay the card's APDU status and are 00 00 on most answers).
 * Meanings from softs.im "身份证阅读器通信协议" and two public SDK headers (HX_FDX3CardReader.h,
 * a Delphi Global.pas) that carry the same table; the codes are stable: callers switch on them.
 */
import type { Response } from './frame';

export const SW3 = {
	OK: 0x90,
	NO_CONTENT: 0x91,
	FOUND: 0x9f,
	CHECKSUM: 0x10,
	LENGTH: 0x11,
	UNKNOWN_COMMAND: 0x21,
	UNAUTHORISED: 0x23,
	UNRECOGNISED_ERROR: 0x24,
	CARD_REJECTED_SAM: 0x31,
	SAM_REJECTED_CARD: 0x32,
	VERIFY_FAILED: 0x33,
	UNKNOWN_CARD_TYPE: 0x40,
	READ_FAILED: 0x41,
	RANDOM_FAILED: 0x47,
	SELF_TEST_FAILED: 0x60,
	SAM_UNAUTHORISED: 0x66,
	NO_CARD: 0x80,
	SELECT_FAILED: 0x81
} as const;

export const CARD_ERROR_CODES = [
	// answered by the SAM (SW3)
	'CARD.NO_CONTENT', // 0x91 证/卡中此项无内容
	'CARD.CHECKSUM', // 0x10 the SAM got a frame with a bad checksum from us
	'CARD.LENGTH', // 0x11 the SAM got a frame with a bad length from us
	'CARD.UNKNOWN_COMMAND', // 0x21 command, parameter or their combination not understood
	'CARD.UNAUTHORISED', // 0x23 越权操作
	'CARD.UNRECOGNISED_ERROR', // 0x24 无法识别的错误
	'CARD.CARD_REJECTED_SAM', // 0x31 证/卡认证 SAM 失败
	'CARD.SAM_REJECTED_CARD', // 0x32 SAM 认证证/卡失败
	'CARD.VERIFY_FAILED', // 0x33 信息验证错误
	'CARD.UNKNOWN_CARD_TYPE', // 0x40 无法识别的卡类型
	'CARD.READ_FAILED', // 0x41 读证/卡操作失败
	'CARD.RANDOM_FAILED', // 0x47 取随机数失败
	'CARD.SELF_TEST_FAILED', // 0x60 SAM 自检失败，不能接收命令
	'CARD.SAM_UNAUTHORISED', // 0x66 SAM 未经授权，无法使用
	'CARD.NO_CARD', // 0x80 寻找证/卡失败
	'CARD.SELECT_FAILED', // 0x81 选取证/卡失败
	'CARD.UNKNOWN_STATUS', // an SW3 not in the table
	// found by the host
	'CARD.FRAME_CHECKSUM', // a frame from the reader failed its XOR
	'CARD.FRAME_LENGTH', // a frame from the reader declared an impossible LEN
	'CARD.BAD_RESPONSE', // a well-formed frame whose content does not fit the command
	'CARD.BAD_LAYOUT', // the text block does not decode as any known card
	'CARD.TIMEOUT', // no answer in time
	'CARD.DISCONNECTED', // the transport closed (reader unplugged)
	'CARD.NO_READER', // no reader with that id is attached (or the user may not open it: udev rules)
	'CARD.DRIVER_MISSING' // node-hid or usb cannot be loaded (not installed, or libusb-1.0-0 missing)
] as const;

export type CardErrorCode = (typeof CARD_ERROR_CODES)[number];

export class CardReaderError extends Error {
	constructor(
		readonly code: CardErrorCode,
		message: string,
		/** The SW3 that caused it, when the SAM answered. */
		readonly sw3?: number
	) {
		super(message);
		this.name = 'CardReaderError';
	}
}

const FAILURES: Record<number, { code: CardErrorCode; text: string }> = {
	[SW3.NO_CONTENT]: { code: 'CARD.NO_CONTENT', text: 'the card holds nothing for this item' },
	[SW3.CHECKSUM]: { code: 'CARD.CHECKSUM', text: 'the reader received a frame with a bad checksum' },
	[SW3.LENGTH]: { code: 'CARD.LENGTH', text: 'the reader received a frame with a bad length' },
	[SW3.UNKNOWN_COMMAND]: { code: 'CARD.UNKNOWN_COMMAND', text: 'the reader did not understand the command' },
	[SW3.UNAUTHORISED]: { code: 'CARD.UNAUTHORISED', text: 'operation not permitted' },
	[SW3.UNRECOGNISED_ERROR]: { code: 'CARD.UNRECOGNISED_ERROR', text: 'the reader reported an unrecognised error' },
	[SW3.CARD_REJECTED_SAM]: { code: 'CARD.CARD_REJECTED_SAM', text: 'the card did not authenticate the SAM' },
	[SW3.SAM_REJECTED_CARD]: { code: 'CARD.SAM_REJECTED_CARD', text: 'the SAM did not authenticate the card' },
	[SW3.VERIFY_FAILED]: { code: 'CARD.VERIFY_FAILED', text: 'information verification failed' },
	[SW3.UNKNOWN_CARD_TYPE]: { code: 'CARD.UNKNOWN_CARD_TYPE', text: 'not a card the reader knows' },
	[SW3.READ_FAILED]: { code: 'CARD.READ_FAILED', text: 'reading the card failed' },
	[SW3.RANDOM_FAILED]: { code: 'CARD.RANDOM_FAILED', text: 'getting a random number from the card failed' },
	[SW3.SELF_TEST_FAILED]: { code: 'CARD.SELF_TEST_FAILED', text: 'the SAM failed its self-test' },
	[SW3.SAM_UNAUTHORISED]: { code: 'CARD.SAM_UNAUTHORISED', text: 'the SAM is not authorised' },
	[SW3.NO_CARD]: { code: 'CARD.NO_CARD', text: 'no card on the reader' },
	[SW3.SELECT_FAILED]: { code: 'CARD.SELECT_FAILED', text: 'selecting the card failed' }
};

export type StatusOutcome = { ok: true; sw3: typeof SW3.OK | typeof SW3.FOUND } | { ok: false; error: CardReaderError };

export function interpretStatus(sw3: number): StatusOutcome {
	if (sw3 === SW3.OK || sw3 === SW3.FOUND) return { ok: true, sw3 };
	const failure = FAILURES[sw3];
	const hex = `0x${sw3.toString(16).padStart(2, '0')}`;
	if (!failure) return { ok: false, error: new CardReaderError('CARD.UNKNOWN_STATUS', `unknown reader status ${hex}`, sw3) };
	return { ok: false, error: new CardReaderError(failure.code, `${failure.text} (SW3 ${hex})`, sw3) };
}

/** Returns the response's data when SW3 is a success, throws its `CardReaderError` otherwise. */
export function expectSuccess(response: Response): Uint8Array {
	const outcome = interpretStatus(response.sw3);
	if (!outcome.ok) throw outcome.error;
	return response.data;
}
