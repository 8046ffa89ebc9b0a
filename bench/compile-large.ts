export async function runCompileLarge(): Promise<void> {}
