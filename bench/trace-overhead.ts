export async function runTraceOverhead(): Promise<void> {}
