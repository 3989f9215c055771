const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// n8n resolves `file:` icons relative to the compiled .js files, so the SVGs must sit in dist/
// beside them; tsc does not copy non-TypeScript assets.
function copyIcons() {
	const icons = src('icons/**/*.svg').pipe(dest(path.resolve('dist', 'icons')));
	const nodeAssets = src('nodes/**/*.{png,svg}').pipe(dest(path.resolve('dist', 'nodes')));
	return Promise.all([streamDone(icons), streamDone(nodeAssets)]);
}

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}

task('build:icons', parallel(copyIcons));
