#include "cli.h"

#include "accountcommands.h"
#include "clierror.h"
#include "commandcontext.h"
#include "leasecommands.h"
#include "marketcommands.h"
#include "rpcclient.h"
#include "txsender.h"
#include "wallet.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <exception>

namespace berth::cli {

namespace {

QString str(const char* text)
{
    return QString::fromUtf8(text);
}

QStringList strs(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items) out.append(QString::fromUtf8(item));
    return out;
}

/** Runs `method` of a command group made for the command's context. */
template <typename Group>
std::function<void(CommandContext&)> on(void (Group::*method)())
{
    return [method](CommandContext& context) { (Group(context).*method)(); };
}

} // namespace

Cli::Cli(const QStringList& arguments) : m_line(arguments), m_out(m_line.json()) {}

const QList<Cli::Spec>& Cli::specs()
{
    // One command a line reads as the table it is.
    // clang-format off
    static const QList<Spec> table{
        {strs({"status"}), 0, 0, {}, str("status"), str("Chain id, height, state root and block time of the node."), on(&AccountCommands::status)},
        {strs({"keys", "add"}), 1, 1, {}, str("keys add NAME"), str("Create a new encrypted key NAME in DATADIR/keys."), on(&AccountCommands::keys_add)},
        {strs({"keys", "list"}), 0, 0, {}, str("keys list"), str("List the stored keys and their addresses (no node needed)."), on(&AccountCommands::keys_list)},
        {strs({"keys", "show"}), 1, 1, {}, str("keys show NAME"),
         str("Unlock key NAME and print its address and public key (a network's genesis names producers by public key)."),
         on(&AccountCommands::keys_show)},
        {strs({"keys", "import"}), 1, 1, strs({"file"}), str("keys import NAME --file PATH"),
         str("Store the encrypted key file at PATH as key NAME; it keeps its passphrase (no node needed)."), on(&AccountCommands::keys_import)},
        {strs({"keys", "export"}), 1, 1, strs({"file"}), str("keys export NAME --file PATH"),
         str("Write key NAME's encrypted file to PATH with mode 0600, replacing it only once complete (no node needed)."),
         on(&AccountCommands::keys_export)},
        {strs({"network", "init"}), 0, 0, strs({"chain-id", "balances", "producers", "params", "out"}),
         str("network init --chain-id ID --balances FILE --producers KEY[,KEY] [--params NAME=VALUE[,...]] --out FILE"),
         str("Write a new network's genesis: parameters, balances and auditors from FILE, producers' public keys (no node needed)."),
         on(&AccountCommands::network_init)},
        {strs({"faucet"}), 1, 1, strs({"usdc", "pond"}), str("faucet NAME [--usdc N] [--pond N]"),
         str("Devnet only: fund an account from the faucet (N in whole tokens)."), on(&AccountCommands::faucet)},
        {strs({"account", "show"}), 0, 1, {}, str("account show [NAME]"),
         str("Balances, stake and earnings of a key, a published name or an address (default --from)."), on(&AccountCommands::account_show)},
        {strs({"transfer"}), 1, 1, strs({"usdc", "pond"}), str("transfer TO (--usdc N | --pond N)"),
         str("Send whole-token USDC or POND to a key, a published name or an address."), on(&AccountCommands::transfer)},
        {strs({"provider", "register"}), 0, 0, strs({"name", "region", "endpoint"}),
         str("provider register --name NAME --region REGION --endpoint URL"), str("Register the --from account as a provider."),
         on(&MarketCommands::provider_register)},
        {strs({"provider", "offer"}), 0, 0, strs({"instance-type", "price-per-s", "price-per-hour", "capacity"}),
         str("provider offer --instance-type T (--price-per-s P | --price-per-hour H) --capacity C"),
         str("Create or change an offer; P in USDC base units per second, H in USDC per hour; capacity 0 withdraws it."),
         on(&MarketCommands::provider_offer)},
        {strs({"provider", "stake"}), 1, 1, {}, str("provider stake N"), str("Stake N POND (whole tokens)."), on(&MarketCommands::provider_stake)},
        {strs({"provider", "unstake"}), 1, 1, {}, str("provider unstake N"), str("Unstake N POND of unlocked stake (whole tokens)."),
         on(&MarketCommands::provider_unstake)},
        {strs({"providers"}), 0, 0, {}, str("providers"), str("List providers with offers, stake and slashes."), on(&MarketCommands::providers)},
        {strs({"order", "create"}), 0, 0,
         strs({"instance-type", "replicas", "max-price-per-s", "max-price-per-hour", "manifest", "deposit", "image"}),
         str("order create --instance-type T [--replicas R] (--max-price-per-s P | --max-price-per-hour H) --manifest FILE "
             "--deposit N [--image URL]"),
         str("Order R replicas (default 1) for at most P USDC base units per second (or H USDC per hour), with N whole USDC "
             "of escrow; prints the order id."),
         on(&MarketCommands::order_create)},
        {strs({"order", "list"}), 0, 0, {}, str("order list"), str("The --from account's orders still looking for a provider."),
         on(&MarketCommands::order_list)},
        {strs({"order", "cancel"}), 1, 1, {}, str("order cancel ID"), str("Cancel an order still in lookup (same as lease close)."),
         on(&MarketCommands::order_cancel)},
        {strs({"bid", "create"}), 1, 1, strs({"price-per-s", "price-per-hour"}), str("bid create ORDER (--price-per-s P | --price-per-hour H)"),
         str("Bid on an order as the --from provider; P in USDC base units per second, H in USDC per hour."), on(&MarketCommands::bid_create)},
        {strs({"lease", "list"}), 0, 0, strs({"provider"}), str("lease list [--provider]"),
         str("The --from account's leases; with --provider the leases it serves as a provider."), on(&LeaseCommands::lease_list)},
        {strs({"lease", "show"}), 1, 1, {}, str("lease show ID"), str("One lease: state, provider, price, escrow, access URLs."),
         on(&LeaseCommands::lease_show)},
        {strs({"lease", "update"}), 1, 1, strs({"instance-type", "replicas", "manifest", "max-price-per-s", "max-price-per-hour", "timeout"}),
         str("lease update ID [--instance-type T] [--replicas R] [--manifest FILE] [--max-price-per-s P | --max-price-per-hour H] "
             "[--timeout S]"),
         str("Ask for new terms; unspecified ones keep the lease's current values. The provider rolls them out without a gap, "
             "or refuses what it cannot run (UPDATE_REFUSED: the old terms stand)."),
         on(&LeaseCommands::lease_update)},
        {strs({"lease", "close"}), 1, 1, {}, str("lease close ID"), str("Stop a lease (CLOSE_LEASE); unused escrow is refunded."),
         on(&LeaseCommands::lease_close)},
        {strs({"lease", "deposit"}), 2, 2, {}, str("lease deposit ID N"), str("Top up a lease's escrow with N whole USDC."),
         on(&LeaseCommands::lease_deposit)},
        {strs({"lease", "exit"}), 1, 1, {}, str("lease exit ID"), str("As the lease's provider, leave it after the exit cooldown; before DEPLOYMENT_CONFIRMED leaving is a failed "
             "bootstrap: slashed, and the job goes to another provider."),
         on(&LeaseCommands::lease_exit)},
        {strs({"lease", "manifest"}), 1, 1, strs({"file", "timeout"}), str("lease manifest ID --file FILE [--timeout S]"),
         str("Upload the manifest to the lease's provider over mTLS; transient failures are retried for S seconds (default 60). "
             "The provider's signed receipt goes on chain (MANIFEST_DELIVERED), so it cannot claim the manifest never came."),
         on(&LeaseCommands::lease_manifest)},
        {strs({"lease", "status"}), 1, 1, {}, str("lease status ID"),
         str("Ask the lease's provider over mTLS for the replicas, their state and URLs."), on(&LeaseCommands::lease_status)},
        {strs({"lease", "logs"}), 1, 1, strs({"service", "replica", "tail", "follow"}),
         str("lease logs ID [--service S] [--replica N] [--tail N] [--follow]"),
         str("What the lease's replicas printed, from its provider over mTLS: the last N lines (100; at most 10000), of one service "
             "or replica if asked; --follow then prints new lines as they come until the lease ends. One JSON record per line with --json."),
         on(&LeaseCommands::lease_logs)},
        {strs({"cert", "create"}), 0, 0, {}, str("cert create"),
         str("Create a P-256 certificate for the account (CN = its address), publish it on chain and write its PEM files to DATADIR/certs."),
         on(&AccountCommands::cert_create)},
        {strs({"cert", "revoke"}), 0, 0, {}, str("cert revoke"), str("Revoke the account's on-chain certificate."),
         on(&AccountCommands::cert_revoke)},
        {strs({"events"}), 0, 0, strs({"since", "lease", "limit"}), str("events [--since H] [--lease ID] [--limit N]"),
         str("Lifecycle events from height H (default 0), optionally of one lease, oldest first."), on(&AccountCommands::events)},
        {strs({"withdraw"}), 0, 0, {}, str("withdraw"), str("Withdraw the --from provider's earnings."), on(&MarketCommands::withdraw)},
    };
    // clang-format on
    return table;
}

QString Cli::help_text()
{
    QString out = str("Usage: berth-cli [--rpc URL] [--rpc-cookie FILE] [--datadir DIR] [--from NAME] [--json] COMMAND ...\n\n"
                      "Berth command-line client: reads a node's RPC and signs transactions locally.\n\nCommands:\n");
    for (const Spec& spec : specs()) out += QStringLiteral("  %1\n      %2\n").arg(spec.usage, spec.summary);
    out += str("\nGlobal options (anywhere on the line):\n"
               "  --rpc URL       The node's RPC (default http://127.0.0.1:26657, berthd's default).\n"
               "  --rpc-cookie FILE\n"
               "                  The node's RPC cookie, which commands that send transactions present\n"
               "                  (default: rpc.cookie in --datadir, else in the data directory the node\n"
               "                  reports in /status).\n"
               "  --datadir DIR   Data directory whose keys/ holds the encrypted keys (default: %1,\n"
               "                  the same default as berthd).\n"
               "  --from NAME     The key that signs transactions.\n"
               "  --json          Machine output: exactly one JSON document on stdout; errors as\n"
               "                  {\"error\":{\"code\",\"message\"}} on stderr.\n"
               "  --help, --version\n"
               "\nAmounts:\n"
               "  Token amounts are whole-token decimals, converted exactly to base units: --usdc, --deposit\n"
               "  and 'lease deposit' N are USDC (6 decimals: \"100\", \"0.5\", at most 6 fraction digits);\n"
               "  --pond and 'provider stake|unstake' N are POND (18 decimals).\n"
               "  Prices per second (--price-per-s, --max-price-per-s) are USDC base units (micro-USDC) per\n"
               "  second with up to 12 decimals: 9 means 0.000009 USDC/s, 0.0324 USDC/h; 5.555555555555 is\n"
               "  0.02 USDC/h. Prices per hour (--price-per-hour, --max-price-per-hour) are decimal USDC per\n"
               "  hour, such as 0.0123; give one form or the other. The chain keeps a price as a rate of\n"
               "  10^-12 base units per second: a per-hour price becomes the rate just at or below it (rounded\n"
               "  down), and a price shown per hour is rounded to 12 decimals of USDC. A lease pays\n"
               "  floor(rate x whole seconds / 10^12) base units for each stretch at one price, no matter how\n"
               "  often it was settled; the minimum escrow, min_escrow_seconds x max price, is rounded up.\n"
               "  In JSON output every amount is a decimal string of base units (\"12500000\" is 12.5 USDC);\n"
               "  prices are decimal base units per second (price_per_s: \"9\", \"3.416666666666\") with\n"
               "  price_per_hour beside them in decimal USDC (\"0.0123\").\n"
               "  Ids (orders, leases) and heights are decimal strings in JSON.\n"
               "\nTransactions are signed with the --from key (chain id from /status, nonce from the account),\n"
               "submitted, and followed until included or rejected: at most 30 blocks and at least 30 s, then\n"
               "the error is 'timeout'. A rejection reports the ledger's code, such as insufficient_stake.\n"
               "\nMonitoring: auditors GET every access URL on chain and ask each URL's origin for\n"
               "/.well-known/berth/lease?challenge=C, which the provider's runtime answers with the lease id\n"
               "and C; a failure of either that lasts 3 probes and 5 s is reported (FAULT_REPORTED).\n"
               "\nEnvironment:\n"
               "  BERTH_PASSPHRASE  Passphrase that encrypts new keys and unlocks keys. When unset or empty,\n"
               "                    'keys add' asks for one on the terminal (and fails without a terminal);\n"
               "                    the devnet's own demo accounts unlock with its public passphrase, other\n"
               "                    keys with one typed on the terminal.\n"
               "  BERTH_RPC_COOKIE  The node's RPC cookie file, like --rpc-cookie.\n"
               "\nExit status: 0 success, 2 usage error (code \"usage\"), 1 anything else (codes: the node's\n"
               "or the ledger's code, unreachable, timeout, keystore, not_available, bad_response).\n");
    return out.arg(CommandContext::default_datadir());
}

const Cli::Spec& Cli::find() const
{
    const QStringList& words = m_line.positionals();
    const Spec* best = nullptr;
    for (const Spec& spec : specs()) {
        if (words.size() < spec.words.size()) continue;
        bool match = true;
        for (qsizetype i = 0; i < spec.words.size(); ++i) match = match && words[i] == spec.words[i];
        if (match && (!best || spec.words.size() > best->words.size())) best = &spec;
    }
    if (best) return *best;
    QStringList subcommands;
    for (const Spec& spec : specs())
        if (spec.words.size() > 1 && spec.words.first() == words.first()) subcommands.append(spec.words[1]);
    if (!subcommands.isEmpty()) {
        if (words.size() == 1)
            throw CliError::usage(QStringLiteral("'%1' needs a subcommand: %2").arg(words.first(), subcommands.join(QStringLiteral(", "))));
        throw CliError::usage(
            QStringLiteral("unknown command '%1 %2'; '%1' has: %3").arg(words[0], words[1], subcommands.join(QStringLiteral(", "))));
    }
    throw CliError::usage(QStringLiteral("unknown command '%1' (see berth-cli --help)").arg(words.first()));
}

void Cli::print_help(const QString& text) const
{
    if (m_out.json())
        m_out.result(QJsonObject{{"help", text}}, text);
    else
        Output::text(text);
}

void Cli::execute()
{
    m_line.check();
    if (m_line.version()) {
        const QString version = QCoreApplication::applicationVersion();
        m_out.result(QJsonObject{{"version", version}}, QStringLiteral("berth-cli ") + version);
        return;
    }
    QStringList words = m_line.positionals();
    if (!words.isEmpty() && words.first() == QLatin1String("help")) {
        words.removeFirst();
        if (words.isEmpty()) {
            print_help(help_text());
            return;
        }
        Cli nested(words);
        const Spec& spec = nested.find();
        print_help(QStringLiteral("Usage: berth-cli %1\n  %2\n").arg(spec.usage, spec.summary));
        return;
    }
    if (words.isEmpty()) {
        if (m_line.help()) {
            print_help(help_text());
            return;
        }
        throw CliError::usage(QStringLiteral("no command given (see berth-cli --help)"));
    }
    const Spec& spec = find();
    if (m_line.help()) {
        print_help(QStringLiteral("Usage: berth-cli %1\n  %2\n\nSee berth-cli --help for the global options and the amount conventions.\n")
                       .arg(spec.usage, spec.summary));
        return;
    }
    RpcClient::parse_url(m_line.rpc());
    m_line.expect(static_cast<int>(spec.words.size()), spec.min_args, spec.max_args, spec.options, spec.usage);
    CommandContext context(m_line, m_out);
    spec.run(context);
}

int Cli::run()
{
    try {
        execute();
        return 0;
    } catch (const CliError& e) {
        return m_out.failure(e);
    } catch (const std::exception& e) {
        return m_out.failure(CliError(QStringLiteral("internal"), QString::fromUtf8(e.what())));
    }
}

} // namespace berth::cli
