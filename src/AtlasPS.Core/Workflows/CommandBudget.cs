using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// How long one command keeps trying once Atlas has become unreachable. The HTTP layer bounds each call by
    /// MaxRetryDuration; without a command-wide bound a fan-out over 50 projects would spend that budget once per
    /// project, one after the other, and the rollback once more. So the first connection failure seen by a command
    /// (a call that failed without an answer from Atlas, after its own retries) marks the connection lost:
    /// <list type="bullet">
    /// <item>fan-outs start no new item (<see cref="FanOut"/> reports the rest as not started);</item>
    /// <item>the command's deadline becomes the start of that failed item plus MaxRetryDuration: what is still running
    /// then (items in flight, the rollback) is cancelled, so the whole command ends within one retry budget.</item>
    /// </list>
    /// Time comes from the client's TimeProvider. Thread-safe.
    /// </summary>
    internal sealed class CommandBudget : IDisposable
    {
        private readonly object gate = new object();
        private readonly CancellationTokenSource deadline = new CancellationTokenSource();
        private ITimer? timer;
        private Exception? lostBy;
        private bool disposed;

        public CommandBudget(TimeProvider clock, TimeSpan maxRetryDuration)
        {
            Clock = clock ?? TimeProvider.System;
            MaxRetryDuration = maxRetryDuration > TimeSpan.Zero ? maxRetryDuration : TimeSpan.FromMinutes(2);
        }

        /// <summary>The budget of a command on this connection (its client's clock and MaxRetryDuration).</summary>
        public static CommandBudget For(AtlasConnection connection) => For(connection.Client);

        public static CommandBudget For(AtlasClient client) => new CommandBudget(client.Options.TimeProvider, client.Options.MaxRetryDuration);

        /// <summary>A MaxRetryDuration this long (or longer) sets no deadline.</summary>
        private static readonly TimeSpan NoDeadline = TimeSpan.FromDays(30);

        public TimeProvider Clock { get; }
        public TimeSpan MaxRetryDuration { get; }

        /// <summary>Cancelled when the deadline after a connection loss has passed.</summary>
        public CancellationToken Token => deadline.Token;

        /// <summary>True once a call failed because Atlas could not be reached.</summary>
        public bool ConnectionLost { get { lock (gate) return lostBy != null; } }

        /// <summary>True once the deadline after a connection loss has passed.</summary>
        public bool Expired => deadline.IsCancellationRequested;

        public long Timestamp() => Clock.GetTimestamp();

        /// <summary>
        /// Records a failure of work started at <paramref name="startedAt"/> (a <see cref="Timestamp"/>). A connection
        /// failure marks the connection lost and starts the deadline (once). Returns true for a connection failure.
        /// </summary>
        public bool Observe(Exception error, long startedAt)
        {
            if (!IsConnectionFailure(error)) return false;
            lock (gate)
            {
                if (lostBy != null || disposed) return true;
                lostBy = error;
                var left = MaxRetryDuration - Clock.GetElapsedTime(startedAt);
                if (left <= TimeSpan.Zero) deadline.Cancel();
                else if (left < NoDeadline) timer = Clock.CreateTimer(s => { try { ((CancellationTokenSource)s!).Cancel(); } catch (ObjectDisposedException) { } }, deadline, left, Timeout.InfiniteTimeSpan);
            }
            return true;
        }

        /// <summary>
        /// A token for a clean-up step (rollback) that must run even when the caller's token was cancelled: cancelled
        /// at the command's deadline once the connection is lost, else after MaxRetryDuration from now.
        /// </summary>
        public CancellationTokenSource ForCleanup()
        {
            lock (gate)
            {
                if (lostBy != null) return CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            }
            var cts = new CancellationTokenSource();
            if (MaxRetryDuration >= NoDeadline) return cts;
            var t = Clock.CreateTimer(s => { try { ((CancellationTokenSource)s!).Cancel(); } catch (ObjectDisposedException) { } }, cts, MaxRetryDuration, Timeout.InfiniteTimeSpan);
            cts.Token.Register(() => t.Dispose());
            return cts;
        }

        /// <summary>The error of a clean-up step cut by the deadline, in words; other errors keep their message.</summary>
        public string Explain(Exception error) =>
            error is OperationCanceledException && Expired
                ? $"it was not tried again: Atlas could not be reached and the retry budget (MaxRetryDuration, {Describe(MaxRetryDuration)}) is spent"
                : error.Message.TrimEnd('.');

        /// <summary>What not-started fan-out items are reported with.</summary>
        public Exception NotStarted(string what)
        {
            Exception? cause;
            lock (gate) cause = lostBy;
            return new AtlasWorkflowException(ErrorNotAttempted, $"{what} was not attempted: the connection to Atlas was lost ({Reason(cause)}).", cause);
        }

        /// <summary>What a fan-out item cancelled at the deadline is reported with (its own cancellation is the inner exception).</summary>
        public Exception Stopped(string what, Exception cancellation)
        {
            if (!(cancellation is OperationCanceledException) || !Expired) return cancellation;
            return new AtlasWorkflowException(ErrorNotFinished,
                $"{what} was stopped: Atlas could not be reached within the retry budget (MaxRetryDuration, {Describe(MaxRetryDuration)}); it may or may not have been applied.", cancellation);
        }

        public const string ErrorNotFinished = "AtlasNotFinished";

        /// <summary>ErrorId of fan-out items that were not started because the connection was lost.</summary>
        public const string ErrorNotAttempted = "AtlasNotAttempted";

        public static bool IsNotAttempted(Exception? ex) => ex is AtlasWorkflowException w && w.ErrorId == ErrorNotAttempted;

        /// <summary>
        /// True when the call failed without an answer from Atlas: the connection could not be opened or was lost, or
        /// no answer came in time. An error answer from Atlas (AtlasApiException) is not one.
        /// </summary>
        public static bool IsConnectionFailure(Exception? ex)
        {
            for (int depth = 0; ex != null && depth < 10; depth++, ex = ex.InnerException)
            {
                if (ex is AtlasApiException || ex is AtlasValidationException || ex is OperationCanceledException || IsNotAttempted(ex)) return false;
                if (ex is HttpRequestException || ex is IOException || ex is SocketException || ex is TimeoutException) return true;
                if (ex is AggregateException a) return a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsConnectionFailure);
            }
            return false;
        }

        internal static string Describe(TimeSpan t) =>
            t.TotalMinutes >= 1 && t.TotalSeconds % 60 == 0
                ? t.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
                : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        private static string Reason(Exception? ex) => (ex?.Message ?? "no answer").Trim().TrimEnd('.');

        public void Dispose()
        {
            lock (gate)
            {
                if (disposed) return;
                disposed = true;
                timer?.Dispose();
            }
            deadline.Dispose();
        }
    }
}
