/** The process manager of `global.process_manager`, loaded on first use. */
import type { CtlContext } from '../context.ts';
import type { ProcessManager } from './types.ts';

export const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

export async function createManager(ctx: CtlContext, stopTimeoutSeconds = DEFAULT_STOP_TIMEOUT_SECONDS): Promise<ProcessManager> {
  const globals = ctx.globals();
  switch (ctx.processManagerName()) {
    case 'intelmq': {
      const { PidManager } = await import('./intelmq.ts');
      return new PidManager(ctx.paths.varRunPath, ctx.env);
    }
    case 'supervisor': {
      const { SupervisorManager } = await import('./supervisor.ts');
      const socket = typeof globals.supervisor_socket === 'string' && globals.supervisor_socket ? globals.supervisor_socket : (ctx.env.SUPERVISOR_SOCKET ?? '/var/run/supervisor.sock');
      const includeDir = typeof globals.supervisor_include_dir === 'string' && globals.supervisor_include_dir ? globals.supervisor_include_dir : '/etc/supervisor/conf.d';
      return new SupervisorManager({ socket, includeDir, varRunPath: ctx.paths.varRunPath, env: ctx.env, stopTimeoutSeconds });
    }
    case 'systemd': {
      const { SystemdManager, splitCommand } = await import('./systemd.ts');
      return new SystemdManager({ command: splitCommand(globals.systemctl_command), unitDir: String(globals.systemd_unit_dir ?? '/etc/systemd/system') });
    }
  }
}
