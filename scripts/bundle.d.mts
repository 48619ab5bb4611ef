/** See bundle.mjs: the build script runs without a TypeScript loader, so the code is JavaScript. */
export function bundleBotProcess(outdir: string): Promise<void>;
