/** A progress bar on a terminal, one plain line per finished item otherwise. Writes to stderr. */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  let done = 0;
  let failed = 0;
  const tty = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const draw = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  ok ${done - failed}  failed ${failed}`,
    );
  };
  if (tty) draw();
  return {
    tick(label: string, ok: boolean, detail: string) {
      done += 1;
      if (!ok) failed += 1;
      if (tty) draw();
      else
        stream.write(`${ok ? 'ok    ' : 'FAILED'} ${done}/${total} ${label}${detail ? `: ${detail}` : ''}\n`);
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}
