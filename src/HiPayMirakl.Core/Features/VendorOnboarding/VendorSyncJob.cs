using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>The Mirakl settings are not what the connector needs: the sync must not run.</summary>
public sealed class MiraklNotConfiguredException : Exception
{
    public MiraklNotConfiguredException()
    {
    }

    public MiraklNotConfiguredException(string message)
        : base(message)
    {
    }

    public MiraklNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// HiPay offered a wallet the shop must not be linked to: one of the connector's own accounts (the technical wallet
/// every payout leaves from, or the operator's commission wallet), or a wallet already linked to another shop. Linking
/// it would pay the shop's money into the wrong hands, so the shop fails and nothing is linked.
/// </summary>
public sealed class WalletLinkRefusedException : InvalidOperationException
{
    public WalletLinkRefusedException()
    {
    }

    public WalletLinkRefusedException(string message)
        : base(message)
    {
    }

    public WalletLinkRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// <c>vendor:process</c>: Mirakl shops → HiPay wallets, KYC documents and bank details (the predecessor's first cash-out step, with the
/// predecessor's known bugs fixed). Every shop is processed in its own try/catch with its own SaveChanges, so one failing shop never
/// stops the others; it is counted as failed on the batch and retried by the next sync.
/// </summary>
public sealed class VendorSyncJob(
    IMiraklClient mirakl,
    HiPayWalletClient wallet,
    MiraklPreflight preflight,
    ShopPrerequisites prerequisites,
    Func<ConnectorDbContext> createContext,
    HiPayWalletOptions walletOptions,
    AccountsOptions accounts,
    RuntimeOptions runtimeOptions,
    TimeProvider clock,
    ILogger<VendorSyncJob> logger)
{
    public const string JobName = "vendor:process";

    public async Task<VendorSyncSummary> RunAsync(JobContext job, DateTimeOffset? since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var check = await preflight.CheckAsync(ct);
        if (!check.Succeeded)
        {
            throw new MiraklNotConfiguredException(check.Describe());
        }

        var summary = new VendorSyncSummary();
        var shops = new List<MiraklShop>();
        await foreach (var shop in mirakl.GetShopsAsync(since, null, ct))
        {
            shops.Add(shop);
        }

        // The same reasons `mirakl:check --shops` reports, written to each opted-in shop's vendor log: values are
        // still sent reduced to what HiPay accepts, but never silently.
        var problems = prerequisites.Check(shops).ToDictionary(r => r.ShopId, r => r.Problems);
        var runs = new List<ShopRun>();
        foreach (var shop in shops)
        {
            summary.ShopsSeen++;
            var run = new ShopRun(shop);
            runs.Add(run);
            await SyncShopAsync(run, summary, ct);
            if (run.Logged && shop.HiPayProcessEnabled && problems.TryGetValue(shop.ShopId, out var found) && found.Count > 0)
            {
                NotePrerequisites(run, found);
            }
        }

        var active = runs.Where(r => r.Active).ToList();
        var documents = await ListDocumentsAsync(active, ct);
        foreach (var run in active)
        {
            await SyncDocumentsAndBankAsync(run, documents[run.Shop.ShopId], summary, ct);
        }

        await WriteVendorLogAsync(runs, job.BatchId, ct);
        foreach (var run in runs.Where(r => r.Logged))
        {
            if (run.Failed)
            {
                summary.Failed++;
                job.ItemFailed();
            }
            else
            {
                job.ItemSucceeded();
            }
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Vendor sync (batch {BatchId}): {Summary}", job.BatchId, summary.ToString());
        }
        return summary;
    }

    // ------------------------------------------------------------------ shops → vendors

    private async Task SyncShopAsync(ShopRun run, VendorSyncSummary summary, CancellationToken ct)
    {
        var shop = run.Shop;
        try
        {
            await using var db = createContext();
            var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.MiraklShopId == shop.ShopId, ct);
            if (!shop.HiPayProcessEnabled)
            {
                if (vendor is null)
                {
                    return;
                }

                run.Logged = true;
                run.VendorId = vendor.Id;
                if (vendor.Enabled)
                {
                    vendor.Enabled = false;
                    summary.Disabled++;
                    run.Note(VendorLogStatus.Info, "hipay-process is not true in Mirakl: vendor disabled");
                }
                else
                {
                    run.Note(VendorLogStatus.Info, "hipay-process is not true in Mirakl: vendor stays disabled");
                }

                vendor.PaymentBlocked = shop.PaymentBlocked;
                await db.SaveChangesAsync(ct);
                Snapshot(run, vendor);
                return;
            }

            run.Logged = true;
            if (vendor is null)
            {
                vendor = await OnboardAsync(run, ct);
                db.Vendors.Add(vendor);
                await SaveLinkAsync(db, run, ct);
                summary.Onboarded++;
            }
            else
            {
                await RefreshAsync(run, vendor, ct);
                await SaveLinkAsync(db, run, ct);
                summary.Updated++;
            }

            run.VendorId = vendor.Id;
            run.Active = true;
            Snapshot(run, vendor);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One shop's failure is logged and counted; the next shop must still be processed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(run, "shop sync", ex);
        }
    }

    private async Task<Vendor> OnboardAsync(ShopRun run, CancellationToken ct)
    {
        var shop = run.Shop;
        var email = shop.ContactInformations?.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            throw new InvalidOperationException($"Shop {shop.ShopId} has no contact e-mail.");
        }

        var login = VendorMapping.Login(shop.ShopName, shop.ShopId);
        var vendor = new Vendor
        {
            MiraklShopId = shop.ShopId,
            Email = email,
            Login = login,
            Currency = shop.CurrencyIsoCode?.Trim().ToUpperInvariant() ?? "EUR",
        };
        var availability = await wallet.IsAvailableAsync(email, ct);
        if (availability.IsAvailable)
        {
            var request = VendorMapping.CreateAccountRequest(shop, walletOptions.Locale, walletOptions.TimeZone);
            var created = await wallet.CreateAccountAsync(request, ct);
            vendor.LinkWallet(created.AccountId, created.UserSpaceId);
            vendor.CallbackSalt = created.CallbackSalt;
            vendor.Identified = false;
            run.WalletStatus = WalletStatus.Created;
            run.Note(VendorLogStatus.Success, "wallet created");
        }
        else
        {
            // The e-mail already has a wallet (created by an earlier run that crashed before saving, or by hand): link
            // it, unless it is one of the connector's own wallets; the unique index on the vendors' account id refuses
            // one already linked to another shop when the vendor is saved.
            var account = await wallet.GetAccountWithEmailFallbackAsync(HiPayAccountRef.ByLogin(login), email, ct);
            RefuseConnectorAccount(shop.ShopId, account.UserAccountId);
            vendor.LinkWallet(account.UserAccountId, account.UserSpaceId);
            vendor.CallbackSalt = account.CallbackSalt;
            vendor.Identified = account.Identified;
            run.WalletStatus = account.Identified ? WalletStatus.Identified : WalletStatus.NotIdentified;
            run.LinkingExisting = account.UserAccountId;
        }

        ApplyShopFields(vendor, shop);
        return vendor;
    }

    private async Task RefreshAsync(ShopRun run, Vendor vendor, CancellationToken ct)
    {
        var shop = run.Shop;
        var accountRef = vendor.HiPayAccountId is { } id
            ? HiPayAccountRef.ById(id)
            : HiPayAccountRef.ByLogin(vendor.Login ?? VendorMapping.Login(shop.ShopName, shop.ShopId));
        var account = await wallet.GetAccountWithEmailFallbackAsync(accountRef, vendor.Email, ct);
        if (vendor.HiPayAccountId is null)
        {
            // A first link, found by login or e-mail: the same rules as for a new shop.
            RefuseConnectorAccount(shop.ShopId, account.UserAccountId);
            run.LinkingExisting = account.UserAccountId;
        }

        // Throws when HiPay answers with another account than the one linked: the shop is skipped and logged.
        vendor.LinkWallet(account.UserAccountId, account.UserSpaceId);
        var email = shop.ContactInformations?.Email?.Trim();
        if (!string.IsNullOrEmpty(email) && !string.Equals(email, vendor.Email, StringComparison.OrdinalIgnoreCase))
        {
            await wallet.UpdateAccountAsync(HiPayAccountRef.ById(account.UserAccountId), new HiPayUpdateAccountRequest { Email = email }, ct);
            vendor.Email = email;
            run.Note(VendorLogStatus.Info, "wallet e-mail updated");
        }

        vendor.Identified = account.Identified;
        vendor.CallbackSalt = account.CallbackSalt ?? vendor.CallbackSalt;
        if (!vendor.Enabled)
        {
            vendor.Enabled = true;
            run.Note(VendorLogStatus.Info, "hipay-process is true again: vendor re-enabled");
        }

        ApplyShopFields(vendor, shop);
        run.WalletStatus = account.Identified ? WalletStatus.Identified : WalletStatus.NotIdentified;
        run.Note(VendorLogStatus.Success, "vendor updated");
    }

    /// <summary>The technical and operator wallets belong to the connector: no shop is ever linked to them.</summary>
    private void RefuseConnectorAccount(long shopId, long accountId)
    {
        var whose = accountId == accounts.TechnicalAccountId ? "the technical account (Accounts:TechnicalAccountId)"
            : accountId == accounts.OperatorAccountId ? "the operator's account (Accounts:OperatorAccountId)"
            : null;
        if (whose is not null)
        {
            throw new WalletLinkRefusedException(FormattableString.Invariant(
                $"HiPay wallet {accountId} found for the e-mail of shop {shopId} is {whose}: refusing to link the shop to it"));
        }
    }

    /// <summary>
    /// Saves the vendor. When it is being linked to a wallet that already existed, the unique index on the vendors'
    /// account id is what refuses a wallet already linked to another shop (two shops sharing an e-mail): no check
    /// beforehand could see a link being saved at the same moment.
    /// </summary>
    private async Task SaveLinkAsync(ConnectorDbContext db, ShopRun run, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (run.LinkingExisting is { } accountId && UniqueViolation.Is(ex))
        {
            run.WalletStatus = WalletStatus.NotCreated;

            // Only to word the reason: the index has already decided.
            await using var lookup = createContext();
            var owner = await lookup.Vendors.AsNoTracking()
                .Where(v => v.HiPayAccountId == accountId && v.MiraklShopId != run.Shop.ShopId)
                .Select(v => (long?)v.MiraklShopId)
                .FirstOrDefaultAsync(ct);
            var other = owner is { } shopId ? "shop " + shopId.ToString(CultureInfo.InvariantCulture) : "another shop";
            throw new WalletLinkRefusedException(FormattableString.Invariant(
                $"HiPay wallet {accountId} found for the e-mail of shop {run.Shop.ShopId} is already linked to {other}: refusing to link it twice"), ex);
        }

        if (run.LinkingExisting is { } linked)
        {
            run.Note(VendorLogStatus.Success, "linked to the existing wallet " + linked.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void ApplyShopFields(Vendor vendor, MiraklShop shop)
    {
        vendor.ShopName = shop.ShopName;
        vendor.VatNumber = string.IsNullOrWhiteSpace(shop.ProDetails?.VatNumber) ? null : shop.ProDetails.VatNumber.Trim();
        vendor.Country = shop.CountryAlpha3;
        vendor.PaymentBlocked = shop.PaymentBlocked;
        vendor.Enabled = true;
    }

    // ------------------------------------------------------------------ KYC documents and bank details

    private async Task<ILookup<long, MiraklShopDocument>> ListDocumentsAsync(List<ShopRun> active, CancellationToken ct)
    {
        if (active.Count == 0)
        {
            return Array.Empty<MiraklShopDocument>().ToLookup(d => d.ShopId);
        }

        try
        {
            var documents = await mirakl.GetShopDocumentsAsync(active.Select(r => r.Shop.ShopId).ToList(), false, ct);
            return documents.Where(d => d.DateDeleted is null).ToLookup(d => d.ShopId);
        }
        catch (MiraklApiException ex)
        {
            foreach (var run in active)
            {
                Fail(run, "document list (S30)", ex);
            }

            return Array.Empty<MiraklShopDocument>().ToLookup(d => d.ShopId);
        }
    }

    private async Task SyncDocumentsAndBankAsync(ShopRun run, IEnumerable<MiraklShopDocument> shopDocuments, VendorSyncSummary summary, CancellationToken ct)
    {
        if (run.Failed)
        {
            return;
        }

        try
        {
            var documents = shopDocuments.ToList();
            await using var db = createContext();
            var vendor = await db.Vendors.SingleAsync(v => v.Id == run.VendorId, ct);
            var sent = await UploadKycAsync(db, run, vendor, documents, ct);
            run.DocumentsSent += sent;
            summary.DocumentsUploaded += sent;
            if (await SyncBankAsync(db, run, vendor, documents, ct))
            {
                summary.BankRegistrations++;
            }

            Snapshot(run, vendor);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One shop's failure is logged and counted; the next shop must still be processed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(run, "KYC / bank details", ex);
        }
    }

    private async Task<int> UploadKycAsync(ConnectorDbContext db, ShopRun run, Vendor vendor, List<MiraklShopDocument> documents, CancellationToken ct)
    {
        var done = (await db.VendorDocuments.Where(d => d.VendorId == vendor.Id).Select(d => d.MiraklDocumentId).ToListAsync(ct)).ToHashSet();

        // Only the latest document of a type counts: an older one was replaced in Mirakl by the shop.
        var latestPerType = documents
            .Where(d => KycDocumentTypes.ForMiraklCode(d.Type) is not null)
            .GroupBy(d => d.Type!, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(d => d.DateUploaded).ThenByDescending(d => d.Id).First())
            .Where(d => !done.Contains(d.Id))
            .OrderBy(d => d.Id)
            .ToList();
        var sent = 0;
        foreach (var document in latestPerType)
        {
            var type = KycDocumentTypes.ForMiraklCode(document.Type)!;
            if (!KycDocumentTypes.HasAllowedExtension(document.FileName))
            {
                run.Note(VendorLogStatus.Warning, $"document {document.Id} ({document.Type}) not sent: only jpg, jpeg, png, gif and pdf are accepted");
                logger.LogWarning("Shop {ShopId}: document {DocumentId} ({Type}) skipped, extension not accepted by HiPay",
                    run.Shop.ShopId, document.Id, document.Type);
                continue;
            }

            MiraklShopDocument? rear = null;
            if (type.RearCode is { } rearCode)
            {
                rear = documents.Where(d => string.Equals(d.Type, rearCode, StringComparison.Ordinal))
                    .OrderByDescending(d => d.DateUploaded).ThenByDescending(d => d.Id).FirstOrDefault();
                if (rear is not null && !KycDocumentTypes.HasAllowedExtension(rear.FileName))
                {
                    run.Note(VendorLogStatus.Warning, $"rear side {rear.Id} ({rear.Type}) not sent: only jpg, jpeg, png, gif and pdf are accepted");
                    rear = null;
                }
            }

            if (await UploadOneAsync(run, vendor, document, type, rear, ct) && await RecordUploadAsync(db, vendor, document, type, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Downloads the front (and rear) into temp files, uploads them, deletes the files whatever happens.</summary>
    private async Task<bool> UploadOneAsync(ShopRun run, Vendor vendor, MiraklShopDocument document, KycDocumentType type, MiraklShopDocument? rear, CancellationToken ct)
    {
        await using var front = await StagedFile.DownloadAsync(mirakl, runtimeOptions.TempPath, document, ct);
        await using var back = rear is null ? null : await DownloadRearAsync(run, rear, ct);
        var upload = new HiPayIdentificationUpload(type.HiPayType, front.ToHiPayFile())
        {
            Back = back?.ToHiPayFile(),
            ValidityDate = type.NeedsValidityDate ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(1) : null,
            UserSpace = vendor.HiPayUserSpaceId,
        };
        try
        {
            await wallet.UploadIdentificationAsync(HiPayAccountRef.ById(vendor.HiPayAccountId!.Value), upload, ct);
            return true;
        }
        catch (HiPayWalletApiException ex) when (ex.HiPayCode is 414)
        {
            // The wallet is already identified: HiPay will never take this document, so it counts as handled.
            run.Note(VendorLogStatus.Info, $"document {document.Id} ({document.Type}) not needed: wallet already identified");
            return true;
        }
        catch (HiPayWalletApiException ex) when (ex.HttpStatus is null or < 500 && !ex.IsAuthenticationFailure)
        {
            // A refusal of this document (415 one already waiting, invalid file…): the others still go, and the
            // next sync tries this one again.
            run.Note(VendorLogStatus.Warning, $"document {document.Id} ({document.Type}) refused by HiPay: {ex.HiPayMessage ?? ex.Message}");
            logger.LogWarning("Shop {ShopId}: HiPay refused document {DocumentId} ({Type}): {Error}", run.Shop.ShopId, document.Id, document.Type, ex.Message);
            return false;
        }
    }

    /// <summary>A rear side that cannot be downloaded does not hold the front back (predecessor rule).</summary>
    private async Task<StagedFile?> DownloadRearAsync(ShopRun run, MiraklShopDocument rear, CancellationToken ct)
    {
        try
        {
            return await StagedFile.DownloadAsync(mirakl, runtimeOptions.TempPath, rear, ct);
        }
        catch (MiraklApiException ex)
        {
            run.Note(VendorLogStatus.Warning, $"rear side {rear.Id} ({rear.Type}) could not be downloaded: {ex.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    private async Task<bool> RecordUploadAsync(ConnectorDbContext db, Vendor vendor, MiraklShopDocument document, KycDocumentType type, CancellationToken ct)
    {
        var row = new VendorDocument
        {
            VendorId = vendor.Id,
            MiraklDocumentId = document.Id,
            DocumentType = document.Type ?? "",
            HiPayDocumentType = type.HiPayType,
            FileName = KycDocumentTypes.SafeFileName(document.FileName, document.Id),
            MiraklUploadedAt = document.DateUploaded,
            UploadedAt = clock.GetUtcNow(),
        };
        db.VendorDocuments.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Another run recorded it first: already done.
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Registers the bank details when HiPay has none or other ones; true when a registration was made.</summary>
    private async Task<bool> SyncBankAsync(ConnectorDbContext db, ShopRun run, Vendor vendor, List<MiraklShopDocument> documents, CancellationToken ct)
    {
        var shop = run.Shop;
        var details = VendorMapping.BankDetails(shop);
        if (details is null)
        {
            run.Note(VendorLogStatus.Warning, "no IBAN in Mirakl: bank details not sent");
            return false;
        }

        var account = HiPayAccountRef.ById(vendor.HiPayAccountId!.Value);
        var hiPay = await wallet.GetBankInfoAsync(account, "en_GB", ct);
        if (details.MatchesHiPay(hiPay))
        {
            vendor.BankInfoStatus = hiPay.StatusKind == HiPayBankInfoStatus.Validated ? BankInfoStatus.Validated : BankInfoStatus.ToValidate;
            vendor.RecordBankFingerprint(details.Fingerprint, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);

            // Still under review but not blocked in Mirakl (an earlier S07 failed, or someone unblocked it): block again.
            if (hiPay.StatusKind == HiPayBankInfoStatus.ValidationInProgress && !shop.PaymentBlocked)
            {
                await BlockPaymentsAsync(db, vendor, ct);
                run.Note(VendorLogStatus.Info, "bank details under review: payments blocked in Mirakl again");
            }

            return false;
        }

        var proof = documents
            .Where(d => string.Equals(d.Type, KycDocumentTypes.BankProof, StringComparison.Ordinal) && KycDocumentTypes.HasAllowedExtension(d.FileName))
            .OrderByDescending(d => d.DateUploaded).ThenByDescending(d => d.Id)
            .FirstOrDefault();
        if (proof is null)
        {
            run.Note(VendorLogStatus.Warning,
                $"bank details ({details}) differ from HiPay's but there is no {KycDocumentTypes.BankProof} document (jpg, jpeg, png, gif, pdf) to send with them");
            return false;
        }

        await using (var file = await StagedFile.DownloadAsync(mirakl, runtimeOptions.TempPath, proof, ct))
        {
            await wallet.RegisterBankInfoAsync(account, details.ToRequest(file.ToHiPayFile()), ct);
        }

        vendor.BankInfoStatus = BankInfoStatus.ToValidate;
        vendor.RecordBankFingerprint(details.Fingerprint, clock.GetUtcNow());
        vendor.PaymentBlocked = true;
        await db.SaveChangesAsync(ct);
        run.Note(VendorLogStatus.Success, $"bank details registered ({details}); payments blocked until HiPay validates them");
        await BlockPaymentsAsync(db, vendor, ct);
        return true;
    }

    private async Task BlockPaymentsAsync(ConnectorDbContext db, Vendor vendor, CancellationToken ct)
    {
        var results = await mirakl.UpdateShopsAsync([new MiraklShopUpdate { ShopId = vendor.MiraklShopId, PaymentBlocked = true }], ct);
        var result = results.FirstOrDefault(r => r.ShopId == vendor.MiraklShopId);
        if (result is null || !result.Succeeded)
        {
            // Retried by the next sync: HiPay still says "validation in progress" while Mirakl says "not blocked".
            throw new InvalidOperationException($"Mirakl refused payment_blocked=true for shop {vendor.MiraklShopId}: {result?.ErrorMessage ?? "no answer for the shop"}");
        }

        vendor.PaymentBlocked = true;
        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ vendor log

    private async Task WriteVendorLogAsync(List<ShopRun> runs, long batchId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = createContext();
        foreach (var run in runs.Where(r => r.Logged))
        {
            db.VendorLog.Add(new VendorLogEntry
            {
                MiraklShopId = run.Shop.ShopId,
                HiPayAccountId = run.AccountId,
                BatchId = batchId,
                Login = run.Login,
                Status = run.Status,
                WalletStatus = run.WalletStatus,
                Message = Truncate(string.Join("; ", run.Messages), 2000),
                DocumentsSent = run.DocumentsSent,
                Enabled = run.Enabled,
                PaymentBlocked = run.PaymentBlocked,
                Country = run.Country ?? run.Shop.CountryAlpha3,
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private void NotePrerequisites(ShopRun run, IReadOnlyList<ShopProblem> found)
    {
        foreach (var problem in found)
        {
            run.Note(VendorLogStatus.Warning, $"HiPay prerequisite: {problem.Field}: {problem.Reason}");
        }

        // Information, not Warning: the vendor log row carries the warning, and a marketplace of accented bank cities
        // would otherwise fill the console on every sync.
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Shop {ShopId} does not meet HiPay's prerequisites: {Problems}", run.Shop.ShopId,
                string.Join("; ", found.Select(p => p.Field + ": " + p.Reason)));
        }
    }

    private void Fail(ShopRun run, string step, Exception ex)
    {
        run.Logged = true;
        run.Failed = true;
        run.Active = false;
        run.Note(VendorLogStatus.Critical, $"{step} failed: {ex.Message.ReplaceLineEndings(" ")}");
        logger.LogError(ex, "Shop {ShopId}: {Step} failed", run.Shop.ShopId, step);
    }

    private static void Snapshot(ShopRun run, Vendor vendor)
    {
        run.AccountId = vendor.HiPayAccountId;
        run.Login = vendor.Login;
        run.Enabled = vendor.Enabled;
        run.PaymentBlocked = vendor.PaymentBlocked;
        run.Country = vendor.Country;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>What happened to one shop during this sync, written as its vendor log row at the end.</summary>
    private sealed class ShopRun(MiraklShop shop)
    {
        public MiraklShop Shop { get; } = shop;

        public long VendorId { get; set; }

        /// <summary>Opted in and synced: its documents and bank details are looked at.</summary>
        public bool Active { get; set; }

        /// <summary>Gets a vendor log row (opted in, or a known vendor being disabled).</summary>
        public bool Logged { get; set; }

        public bool Failed { get; set; }

        /// <summary>The wallet that already existed at HiPay and is being linked (not created) by this run.</summary>
        public long? LinkingExisting { get; set; }

        public VendorLogStatus Status { get; private set; } = VendorLogStatus.Success;

        public WalletStatus WalletStatus { get; set; } = WalletStatus.NotCreated;

        public List<string> Messages { get; } = [];

        public int DocumentsSent { get; set; }

        public long? AccountId { get; set; }

        public string? Login { get; set; }

        public bool Enabled { get; set; }

        public bool PaymentBlocked { get; set; }

        public string? Country { get; set; }

        public void Note(VendorLogStatus status, string message)
        {
            Messages.Add(message);
            if (status > Status)
            {
                Status = status;
            }
        }
    }
}
