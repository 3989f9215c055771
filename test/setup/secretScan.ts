/**
 * Collects everything the suite produces that a user or an operator could see — node output,
 * errors (with every nested property), console output and n8n's own log calls — into files,
 * so that the global teardown can check that no secret key ever appears in any of it.
 */
import fs from 'fs';
import path from 'path';
import { inspect } from 'util';

export const SECRET_SCAN_ENV = 'STRIPE_PL_SECRET_SCAN_DIR';

function collectorFile(): string | undefined {
	const dir = process.env[SECRET_SCAN_ENV];
	return dir ? path.join(dir, `${process.pid}.log`) : undefined;
}

export function collect(kind: string, value: unknown): void {
	const file = collectorFile();
	if (!file) return;
	const text = typeof value === 'string' ? value : inspect(value, { depth: 12, showHidden: true, maxStringLength: Infinity, maxArrayLength: Infinity, breakLength: Infinity });
	fs.appendFileSync(file, `--- ${kind}\n${text}\n`);
}
