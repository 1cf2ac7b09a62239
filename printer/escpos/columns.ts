/**
 * Column arithmetic for a printer in Chinese mode: every ASCII character takes one half-width
 * column, every other character (GB18030 two- or four-byte) prints as one full-width cell of two.
 */
export function charColumns(char: string): 1 | 2 {
	const code = char.codePointAt(0) ?? 0;
	return code < 0x80 ? 1 : 2;
}

export function textColumns(text: string): number {
	let columns = 0;
	for (const char of text) columns += charColumns(char);
	return columns;
}

/**
 * Splits `text` into lines of at most `columns` columns. Breaks at spaces when a Latin word would
 * be cut, anywhere between Chinese characters; a word longer than a line is cut.
 */
export function wrapText(text: string, columns: number): string[] {
	if (columns < 2) throw new RangeError(`a line needs at least 2 columns, got ${columns}`);
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		let width = 0;
		for (const token of tokens(paragraph)) {
			const tokenWidth = textColumns(token);
			if (width + tokenWidth <= columns) {
				line += token;
				width += tokenWidth;
				continue;
			}
			if (token.trim() === '') {
				lines.push(line);
				line = '';
				width = 0;
				continue;
			}
			if (width > 0) lines.push(line.trimEnd());
			line = '';
			width = 0;
			for (const char of token) {
				const w = charColumns(char);
				if (width + w > columns) {
					lines.push(line);
					line = '';
					width = 0;
				}
				line += char;
				width += w;
			}
		}
		lines.push(line.trimEnd());
	}
	return lines;
}

/** Latin words stay whole, each space and each wide character is a token of its own. */
function tokens(paragraph: string): string[] {
	const out: string[] = [];
	let word = '';
	for (const char of paragraph) {
		const code = char.codePointAt(0) ?? 0;
		if (code > 0x20 && code < 0x7f) {
			word += char;
			continue;
		}
		if (word) out.push(word);
		word = '';
		out.push(code <= 0x20 ? ' ' : char);
	}
	if (word) out.push(word);
	return out;
}
