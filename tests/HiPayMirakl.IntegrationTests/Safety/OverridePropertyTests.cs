using System.Globalization;
using System.Text.Json;
using CsCheck;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>
/// Random sequences of payout steps, notifications (delivered, duplicated, dropped), faults, operator holds, releases
/// and overrides, against the wallet simulator in strict books mode (a re-sent key books a second payment). Whatever
/// the sequence, HiPay must never move more for an invoice than it owes, counting what finance marked paid outside.
/// </summary>
public sealed class OverridePropertyTests(ITestOutputHelper output)
{
    /// <summary>1,000 by default; HIPAYMIRAKL_OVERRIDE_SEQUENCES sets another count (a longer soak, a quick look).</summary>
    private static readonly int Sequences =
        int.TryParse(Environment.GetEnvironmentVariable("HIPAYMIRAKL_OVERRIDE_SEQUENCES"), out var count) && count > 0 ? count : 1_000;
    private const int InvoicesPerSequence = 2;

    private static readonly string[] FailedAtHiPay = ["ABORTED", "REJECTED_END", "UNAUTHED", "CANCELLED_END"];

    private enum Act
    {
        Transfer,
        Withdraw,
        StatusSync,
        Deliver,
        DeliverTwice,
        DropNextNotification,
        FailAfterApply,
        TimeoutAfterApply,
        FailBeforeApply,
        LookupsFail,
        Hold,
        Release,
        MarkPaidOutside,
        Skip,
        Reissue,
        BankChange,
        ToggleCaptureNok,
        ToggleWithdrawalNok,

        /// <summary>
        /// The leg's record loses its in-flight marker and becomes Held, as the import from the predecessor maps an
        /// operation whose outcome it never learned: our records now lag behind HiPay's books, which must decide.
        /// </summary>
        ImportedAsHeld,
    }

    private static readonly Gen<(Act Act, int Leg)[]> Steps =
        Gen.Select(Gen.Int[0, Enum.GetValues<Act>().Length - 1].Select(i => (Act)i), Gen.Int[0, InvoicesPerSequence - 1]).Array[3, 10];

    [Fact]
    public async Task Overrides_RandomSequencesWithFaults_NeverPayMoreThanOwedNorTwice()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, services: s =>
            s.Configure<HiPayWalletClientOptions>(o =>
            {
                o.MaxRetries = 1;
                o.RetryBaseDelay = TimeSpan.Zero;
            }));
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = 3;
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000_000_000);
        var world = new World(harness);
        var started = DateTimeOffset.UtcNow;

        await Steps.SampleAsync(world.RunAsync, iter: Sequences, threads: 1,
            print: steps => string.Join(", ", steps.Select(s => $"{s.Act}({s.Leg})")));

        var elapsed = DateTimeOffset.UtcNow - started;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{world.SequencesRun} sequences, {world.ActionsRun} actions, {world.OverridesAccepted} overrides accepted, {world.OverridesRefused} refused, in {elapsed.TotalSeconds:0.0} s"));
        Assert.True(world.SequencesRun >= Sequences);
        Assert.True(world.OverridesAccepted > 0 && world.OverridesRefused > 0, "the sequences must both pass and hit the overrides' guards");
    }

    private sealed class World(ConnectorHarness harness)
    {
        private static readonly DateTimeOffset Epoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        private int _sequence;
        private bool _captureNok;
        private bool _withdrawalNok;

        public int SequencesRun => _sequence;

        public int ActionsRun { get; private set; }

        public int OverridesAccepted { get; private set; }

        public int OverridesRefused { get; private set; }

        public async Task RunAsync((Act Act, int Leg)[] steps)
        {
            var n = Interlocked.Increment(ref _sequence);
            await ResetSimulatorAsync();
            var (legs, owed) = await SeedAsync(n);
            foreach (var (act, index) in steps)
            {
                ActionsRun++;
                await ActAsync(act, legs[index]);
            }

            await CheckBooksAsync(legs, owed);
            // Later sequences' steps see only their own legs.
            await using var db = harness.CreateDbContext();
            await db.Legs.Where(l => legs.Contains(l.Id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LegStatus.Skipped));
        }

        private async Task ResetSimulatorAsync()
        {
            var wallet = harness.WalletControl;
            (await wallet.DeleteAsync(new Uri("/_sim/faults", UriKind.Relative))).Dispose();
            (await wallet.DeleteAsync(new Uri("/_sim/journal", UriKind.Relative))).Dispose();
            await wallet.PostSimAsync("/_sim/wallet/switches", new { captureNok = false, withdrawalNok = false, authorizationNok = false });
            await wallet.PostSimAsync("/_sim/outbox/modes", new { duplicate = false, dropNext = 0 });
            _captureNok = false;
            _withdrawalNok = false;
        }

        private async Task<(List<long> Legs, Dictionary<long, long> Owed)> SeedAsync(int n)
        {
            var created = Epoch.AddMinutes(n);
            var owed = new Dictionary<long, long>();
            for (var i = 0; i < InvoicesPerSequence; i++)
            {
                var shop = 100_000 + (n * InvoicesPerSequence) + i;
                var invoice = 5_000_000 + (n * InvoicesPerSequence) + i;
                var cents = 100 + ((n * 7919) + (i * 104_729)) % 9_900;
                await PayoutWorld.SeedVendorAsync(harness, shop);
                await PayoutWorld.SeedInvoiceAsync(harness, invoice, shop, cents / 100m, 0m, created);
                owed[invoice] = cents;
            }

            await using (var scope = harness.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(
                    new CycleWindow(created.AddSeconds(30), created.AddSeconds(-30), created.AddSeconds(30)), CancellationToken.None);
            }

            await using var db = harness.CreateDbContext();
            var ids = owed.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList();
            var legs = await db.Legs.AsNoTracking().Where(l => ids.Contains(l.InvoiceId!)).OrderBy(l => l.InvoiceId).Select(l => l.Id).ToListAsync();
            Assert.Equal(InvoicesPerSequence, legs.Count);
            return (legs, owed.ToDictionary(kv => legs[ids.IndexOf(kv.Key.ToString(CultureInfo.InvariantCulture))], kv => kv.Value));
        }

        private async Task ActAsync(Act act, long legId)
        {
            var wallet = harness.WalletControl;
            await using var scope = harness.CreateScope();
            var sp = scope.ServiceProvider;
            switch (act)
            {
                case Act.Transfer:
                    await sp.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
                    break;
                case Act.Withdraw:
                    await sp.GetRequiredService<PayoutExecutor>().WithdrawAsync(CancellationToken.None);
                    break;
                case Act.StatusSync:
                    await sp.GetRequiredService<PayoutStatusSync>().SyncAsync(CancellationToken.None);
                    break;
                case Act.Deliver:
                    await DeliverAsync();
                    break;
                case Act.DeliverTwice:
                    await wallet.PostSimAsync("/_sim/outbox/modes", new { duplicate = true });
                    await DeliverAsync();
                    await wallet.PostSimAsync("/_sim/outbox/modes", new { duplicate = false });
                    break;
                case Act.DropNextNotification:
                    await wallet.PostSimAsync("/_sim/outbox/modes", new { dropNext = 1 });
                    break;
                case Act.FailAfterApply:
                    await wallet.PostSimAsync("/_sim/faults", new { kind = "FailAfterApply", method = "POST", pathRegex = "^/api/(transfer|withdrawal)$", count = 1 });
                    break;
                case Act.TimeoutAfterApply:
                    await wallet.PostSimAsync("/_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/(transfer|withdrawal)$", count = 1 });
                    break;
                case Act.FailBeforeApply:
                    await wallet.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "POST", pathRegex = "^/api/(transfer|withdrawal)$", count = 1 });
                    break;
                case Act.LookupsFail:
                    await wallet.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/transaction/", count = 2 });
                    break;
                case Act.Hold:
                    await OperatorAsync(() => sp.GetRequiredService<LegAdministration>().HoldAsync(legId, "property", "prop", CancellationToken.None));
                    break;
                case Act.Release:
                    await OperatorAsync(() => sp.GetRequiredService<LegAdministration>().ReleaseAsync(legId, "property", "prop", CancellationToken.None));
                    break;
                case Act.MarkPaidOutside:
                case Act.Skip:
                case Act.Reissue:
                    await OverrideAsync(sp, legId, act switch
                    {
                        Act.MarkPaidOutside => LegOverrideAction.MarkPaidOutside,
                        Act.Skip => LegOverrideAction.Skip,
                        _ => LegOverrideAction.Reissue,
                    });
                    break;
                case Act.BankChange:
                    await using (var db = harness.CreateDbContext())
                    {
                        var vendorId = await db.Legs.Where(l => l.Id == legId).Select(l => l.VendorId).SingleAsync();
                        await db.Vendors.Where(v => v.Id == vendorId).ExecuteUpdateAsync(s => s.SetProperty(v => v.BankInfoFingerprint, Guid.NewGuid().ToString("N")));
                    }

                    break;
                case Act.ToggleCaptureNok:
                    _captureNok = !_captureNok;
                    await wallet.PostSimAsync("/_sim/wallet/switches", new { captureNok = _captureNok });
                    break;
                case Act.ToggleWithdrawalNok:
                    _withdrawalNok = !_withdrawalNok;
                    await wallet.PostSimAsync("/_sim/wallet/switches", new { withdrawalNok = _withdrawalNok });
                    break;
                case Act.ImportedAsHeld:
                    await using (var db = harness.CreateDbContext())
                    {
                        await db.Legs.Where(l => l.Id == legId && (l.Status == LegStatus.TransferUnknown || l.Status == LegStatus.TransferRequested))
                            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LegStatus.TransferHeld));
                        await db.Legs.Where(l => l.Id == legId && (l.Status == LegStatus.WithdrawUnknown || l.Status == LegStatus.WithdrawRequested))
                            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LegStatus.WithdrawHeld));
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(act), act, null);
            }
        }

        private async Task DeliverAsync()
        {
            await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
            await harness.DrainInboxAsync();
        }

        private static async Task OperatorAsync(Func<Task<string>> act)
        {
            try
            {
                await act();
            }
            catch (LegActionException)
            {
                // Refused by the leg's state or HiPay's books: that is an allowed outcome of a random action.
            }
        }

        private async Task OverrideAsync(IServiceProvider sp, long legId, LegOverrideAction action)
        {
            try
            {
                await sp.GetRequiredService<LegOverrides>().ApplyAsync(legId, action, "property", "prop", CancellationToken.None);
            }
            catch (LegActionException)
            {
                OverridesRefused++;
                return;
            }

            OverridesAccepted++;
            // Accepted: at this moment nothing of the side it touched may have moved money or be moving it at HiPay.
            var leg = await LegOfAsync(legId);
            var side = action == LegOverrideAction.Reissue ? "Withdrawal" : "Transfer";
            var live = (await TransactionsAsync(leg)).Where(t => t.Kind == side && !FailedAtHiPay.Contains(t.Status)).ToList();
            Assert.True(live.Count == 0, $"{action} accepted on leg {legId} while HiPay shows {string.Join(", ", live)}");
        }

        private async Task<Leg> LegOfAsync(long legId)
        {
            await using var db = harness.CreateDbContext();
            return await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        }

        private async Task CheckBooksAsync(List<long> legIds, Dictionary<long, long> owed)
        {
            foreach (var legId in legIds)
            {
                var leg = await LegOfAsync(legId);
                var books = await TransactionsAsync(leg);
                var transfers = books.Where(t => t.Kind == "Transfer" && !FailedAtHiPay.Contains(t.Status)).ToList();
                var withdrawals = books.Where(t => t.Kind == "Withdrawal" && !FailedAtHiPay.Contains(t.Status)).ToList();
                var outside = leg.Status == LegStatus.PaidOutside ? leg.AmountMinor : 0;
                var what = $"leg {legId} ({leg.Status}): books {string.Join(", ", books)}";
                Assert.True(transfers.Count <= 1, "more than one live transfer: " + what);
                Assert.True(withdrawals.Count <= 1, "more than one live withdrawal: " + what);
                Assert.True(transfers.Sum(t => t.Amount) + outside <= owed[legId], $"paid {transfers.Sum(t => t.Amount)} + outside {outside} > owed {owed[legId]}: {what}");
            }
        }

        private async Task<List<BookTransaction>> TransactionsAsync(Leg leg)
        {
            var keys = Enumerable.Range(0, leg.TransferGeneration + 1).Select(leg.TransferKey)
                .Concat(Enumerable.Range(0, leg.WithdrawGeneration + 1).Select(leg.WithdrawalKey));
            var found = new List<BookTransaction>();
            foreach (var key in keys)
            {
                var tallies = await harness.WalletControl.GetSimAsync("/_sim/wallet/posts?merchantUniqueId=" + Uri.EscapeDataString(key));
                foreach (var tally in tallies.EnumerateArray())
                {
                    foreach (var t in tally.GetProperty("transactions").EnumerateArray())
                    {
                        found.Add(new BookTransaction(
                            t.GetProperty("kind").GetString() ?? "",
                            t.GetProperty("merchantUniqueId").ValueKind == JsonValueKind.String ? t.GetProperty("merchantUniqueId").GetString() : null,
                            t.GetProperty("amount").GetInt64(),
                            t.GetProperty("status").GetString() ?? "",
                            null));
                    }
                }
            }

            return found;
        }
    }
}
