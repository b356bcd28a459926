/**
 * Locally (PA_IAM_CHECK=1, set by the local stack) each AWS SDK call is first checked against the
 * calling function's policy in the synthesized template (lib/local/iam-check.ts installs the check
 * under this global symbol: a bundle has its own copy of this module). On AWS, IAM itself decides.
 * Its own module, so that a function using one client (the authorizer: Secrets Manager) does not
 * load the others.
 */
const IAM_CHECK_HOOK = Symbol.for('durvalumab-pa.local.iamCheck');
type IamCheckHook = (client: string, command: string, input: unknown) => Promise<void>;

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

export function withLocalIamCheck<C>(client: C): C {
  if (process.env.PA_IAM_CHECK !== '1') return client;
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const check = (globalThis as Record<symbol, IamCheckHook | undefined>)[IAM_CHECK_HOOK];
      await check?.(context.clientName ?? '', context.commandName ?? '', args.input);
      return next(args);
    },
    { step: 'initialize', name: 'localIamCheck' },
  );
  return client;
}
