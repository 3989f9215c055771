/** Jest setup file: mirrors console output and n8n's logger into the secret-scan collector. */
import { LoggerProxy } from 'n8n-workflow';

import { collect } from './secretScan';

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[method].bind(console);
	console[method] = (...args: unknown[]) => {
		collect(`console.${method}`, args);
		original(...args);
	};
}

const log = (level: string) => (message: string, meta?: object) => collect(`n8n.${level}`, { message, meta });
LoggerProxy.init({
	error: log('error'),
	warn: log('warn'),
	info: log('info'),
	debug: log('debug'),
	verbose: log('verbose'),
} as never);
