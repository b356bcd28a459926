/**
 * The executions of the local Step Functions: a queue that runs at most `maxConcurrent` at once,
 * their records (kept in memory, the oldest closed ones forgotten), stopping and draining.
 */
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT_ID } from './lambda-context.ts';
import type { LocalLog } from './log.ts';
import { LOCAL_ROLE_ARN, localHandlers, type Machine, type TaskFunction } from './sfn-machines.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  abort?: () => void;
}

export interface ExecutionSettings {
  taskHandlers: Record<string, TaskFunction>;
  region: string;
  maxConcurrent: number;
  maxRetained: number;
  taskTimeoutMs: number;
  retryIntervalOverrideMs: number | undefined;
  log: LocalLog;
}

export class LocalExecutions {
  readonly records = new Map<string, ExecutionRecord>();
  private readonly byName = new Map<string, ExecutionRecord>();
  private readonly queue: ExecutionRecord[] = [];
  private running = 0;
  private closedCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly machines: Map<string, Machine>,
    private readonly settings: ExecutionSettings,
  ) {}

  /** The execution of this name on this machine, while it is remembered. */
  named(machine: Machine, name: string): ExecutionRecord | undefined {
    return this.byName.get(`${machine.arn}|${name}`);
  }

  /** Queues a new execution; it runs as soon as fewer than `maxConcurrent` do. */
  start(machine: Machine, name: string, input: string): ExecutionRecord {
    const record: ExecutionRecord = {
      executionArn: `arn:aws:states:${this.settings.region}:${LOCAL_ACCOUNT_ID}:execution:${machine.name}:${name}`,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
    };
    this.records.set(record.executionArn, record);
    this.byName.set(`${machine.arn}|${name}`, record);
    this.queue.push(record);
    this.pump();
    return record;
  }

  /** Aborts a running execution (a no-op once it has closed). */
  abort(record: ExecutionRecord, reason: { error?: string; cause?: string } = {}): void {
    if (record.status !== 'RUNNING') return;
    const abort = record.abort;
    if ('error' in reason) record.error = reason.error;
    if ('cause' in reason) record.cause = reason.cause;
    this.close(record, 'ABORTED');
    abort?.();
  }

  /** Aborts every execution still running or queued. */
  abortAll(): void {
    for (const record of this.records.values()) this.abort(record);
    this.queue.length = 0;
    this.notifyIfIdle();
  }

  pending(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.filter((r) => r.status === 'RUNNING').length };
  }

  /** Resolves once no execution is queued or running. */
  drain(): Promise<void> {
    return this.running === 0 && this.queue.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIfIdle(): void {
    if (this.running === 0 && this.queue.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private forgetOldClosed(): void {
    const { maxRetained } = this.settings;
    if (this.closedCount <= maxRetained * 1.1) return;
    for (const record of this.records.values()) {
      if (this.closedCount <= maxRetained) break;
      if (record.status === 'RUNNING') continue;
      this.records.delete(record.executionArn);
      this.byName.delete(`${record.stateMachineArn}|${record.name}`);
      this.closedCount -= 1;
    }
  }

  private close(record: ExecutionRecord, status: Exclude<ExecutionStatus, 'RUNNING'>): void {
    if (record.status !== 'RUNNING') return;
    record.status = status;
    record.stopDate = new Date();
    record.abort = undefined;
    this.closedCount += 1;
    this.forgetOldClosed();
  }

  private pump(): void {
    while (this.running < this.settings.maxConcurrent && this.queue.length > 0) {
      const record = this.queue.shift()!;
      if (record.status !== 'RUNNING') continue;
      this.running += 1;
      void this.run(record).finally(() => {
        this.running -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
    this.notifyIfIdle();
  }

  private async run(record: ExecutionRecord): Promise<void> {
    const { taskHandlers, region, taskTimeoutMs, retryIntervalOverrideMs } = this.settings;
    const machine = this.machines.get(record.stateMachineArn)!;
    const retryIntervalOverrides: Record<string, number> = {};
    if (retryIntervalOverrideMs !== undefined) {
      for (const stateName of machine.taskStates.keys())
        retryIntervalOverrides[stateName] = retryIntervalOverrideMs;
    }
    const execution = machine.engine.run(JSON.parse(record.input), {
      overrides: {
        taskResourceLocalHandlers: localHandlers(machine, taskHandlers, { region, timeoutMs: taskTimeoutMs }),
        retryIntervalOverrides,
      },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: LOCAL_ROLE_ARN },
        StateMachine: { Id: record.stateMachineArn, Name: machine.name },
      },
    });
    record.abort = execution.abort;
    try {
      const output = await execution.result;
      if (record.status !== 'RUNNING') return;
      record.output = JSON.stringify(output ?? null);
      this.close(record, 'SUCCEEDED');
    } catch (error) {
      if (record.status !== 'RUNNING') return;
      this.fail(record, error);
    }
  }

  /** Closes an execution whose engine run threw: aborted, timed out, or failed with the Task's error. */
  private fail(record: ExecutionRecord, error: unknown): void {
    if (error instanceof ExecutionAbortedError) {
      this.close(record, 'ABORTED');
    } else if (error instanceof ExecutionTimeoutError) {
      record.error = 'States.Timeout';
      this.close(record, 'TIMED_OUT');
    } else {
      const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
      record.error = failure instanceof Error ? failure.name : 'Error';
      record.cause = failure instanceof Error ? failure.message : String(failure);
      this.close(record, 'FAILED');
    }
    this.settings.log('warn', 'execution closed', {
      executionArn: record.executionArn,
      status: record.status,
      error: record.error,
    });
  }
}
