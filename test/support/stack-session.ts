/** A local stack process for the length of `run`: started, handed to `run`, stopped whatever `run` does. */
import { type StackProcess, startStackProcess } from './local-stack.ts';

export async function withStackProcess<T>(
  options: Parameters<typeof startStackProcess>[0],
  run: (stack: StackProcess) => Promise<T>,
): Promise<T> {
  const stack = await startStackProcess(options);
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}
