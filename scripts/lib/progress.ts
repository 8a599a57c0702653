/** A progress bar on stderr (only when stderr is a terminal; logs get the summary alone). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  const started = Date.now();
  return {
    update(done: number, total: number, extra = "") {
      if (!tty) return;
      const t = Date.now();
      if (t - last < 100 && done < total) return;
      last = t;
      const width = 30;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      const secs = (t - started) / 1000;
      process.stderr.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${extra} ${secs.toFixed(1)}s   `);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
