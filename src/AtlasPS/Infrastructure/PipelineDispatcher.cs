using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Commands
{
    /// <summary>
    /// The one place where work reaches the pipeline thread: while <see cref="AtlasCmdlet"/> waits for the core, this
    /// runs what the core's threads post (vault calls, -Verbose diagnostics, warnings, progress) in the order they come.
    /// PowerShell allows Write* and nested pipelines (SecretManagement) only on the pipeline thread.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly BlockingCollection<Action> queue = new BlockingCollection<Action>();
        private readonly int pipelineThread;
        private int waiting;

        /// <summary>Create it on the pipeline thread.</summary>
        public PipelineDispatcher() { pipelineThread = Thread.CurrentThread.ManagedThreadId; }

        public bool OnPipelineThread => Thread.CurrentThread.ManagedThreadId == pipelineThread;

        /// <summary>Runs <paramref name="action"/> on the pipeline thread: now when called there, else as soon as it is free.</summary>
        public void Post(Action action)
        {
            if (OnPipelineThread) action();
            else queue.Add(action);
        }

        /// <summary>Runs <paramref name="call"/> on the pipeline thread and completes with its result or exception.</summary>
        public Task<T> InvokeAsync<T>(Func<T> call)
        {
            if (OnPipelineThread)
            {
                try { return Task.FromResult(call()); }
                catch (Exception ex) { return Task.FromException<T>(ex); }
            }
            if (Volatile.Read(ref waiting) == 0)
                throw new InvalidOperationException("A call for the pipeline thread came while the cmdlet was not waiting for the core: run the work through AtlasCmdlet.Run.");
            var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Add(() =>
            {
                try { tcs.SetResult(call()); }
                catch (Exception ex) { tcs.SetException(ex); }
            });
            return tcs.Task;
        }

        /// <summary>
        /// Starts the work and blocks the pipeline thread until it completes, running everything posted meanwhile (no
        /// polling: the queue wakes the thread). What was posted before completion is run before this returns.
        /// </summary>
        public Task<T> Run<T>(Func<Task<T>> start)
        {
            if (!OnPipelineThread) throw new InvalidOperationException("Run must be called on the pipeline thread.");
            Interlocked.Increment(ref waiting);
            try
            {
                var task = start();
                task.ContinueWith(_ => queue.Add(() => { }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                while (!task.IsCompleted) queue.Take()();
                while (queue.TryTake(out var rest)) rest();
                return task;
            }
            finally { Interlocked.Decrement(ref waiting); }
        }
    }
}
