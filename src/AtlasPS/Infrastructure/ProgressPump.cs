using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using AtlasPS.Core;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Progress of the core's long operations (fan-out over projects, rotation, access report) as Write-Progress
    /// records: the core reports through <see cref="AtlasProgressScope"/> from any thread; this queues the reports and
    /// writes them on the pipeline thread when <see cref="Flush"/> is called from the cmdlet's wait loop. One activity id
    /// per command, the percentage when the total is known, and a final Completed record when anything was written.
    /// </summary>
    internal sealed class ProgressPump
    {
        private static int lastActivityId;
        private readonly Cmdlet cmdlet;
        private readonly string activity;
        private readonly int activityId = Interlocked.Increment(ref lastActivityId) & 0x7fffffff;
        private readonly ConcurrentQueue<AtlasProgressEvent> queue = new ConcurrentQueue<AtlasProgressEvent>();
        private ProgressRecord? last;

        public ProgressPump(Cmdlet cmdlet, string activity)
        {
            this.cmdlet = cmdlet;
            this.activity = string.IsNullOrWhiteSpace(activity) ? "AtlasPS" : activity;
        }

        /// <summary>Reports of work started inside this scope come here (any thread).</summary>
        /// <summary>Collects the core's progress reports for the work started inside; each one asks <paramref name="post"/>
        /// (the command's pipeline dispatcher) to write it on the pipeline thread.</summary>
        public System.IDisposable Begin(System.Action<System.Action> post) => AtlasProgressScope.Begin(e => { queue.Enqueue(e); post(Flush); });

        /// <summary>Writes what was reported so far. Pipeline thread only.</summary>
        public void Flush()
        {
            while (queue.TryDequeue(out var e))
            {
                last = new ProgressRecord(activityId, activity, string.IsNullOrWhiteSpace(e.Status) ? activity : e.Status)
                {
                    PercentComplete = e.PercentComplete ?? -1,
                };
                cmdlet.WriteProgress(last);
            }
        }

        /// <summary>Writes what is left and, when anything was written, the Completed record. Pipeline thread only.</summary>
        public void Complete()
        {
            Flush();
            if (last is null) return;
            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, last.StatusDescription) { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
            last = null;
        }
    }
}
