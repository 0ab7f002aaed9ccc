#include "fakenode.h"
#include "recordedchain.h"

#include <amountinput.h>
#include <nodehost.h>

#include <price.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace berth;
using namespace berth::gui;
using berth::test::FakeNode;
using berth::test::RecordedChain;

/**
 * The view models driven through a fake node with recorded snapshots and deltas (no node, no
 * thread, no timed wait): the market, leases, wallet, deploy wizard and identity actions each
 * check their input on the GUI thread and send nothing for a bad one, send exactly the typed
 * request a good one asks for, show the typed outcome that comes back, and follow the blocks a
 * recorded chain produces, with fine-grained model changes only.
 */
class TestViewModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void snapshotAndBlocksFillTheModels();
    void leaseActionsAreCheckedThenSent();
    void deployWizardChecksEachEditOnce();
    void deployWizardFollowsTheOrder();
    void identityActionsSendTypedRequests();
    void amountInputReadsExactly();
    void stoppedNodeRefusesRequests();

private:
    /** Starts the host on the recorded chain's snapshot; alice acts. */
    void start();
    /** Alice's order of cpu.small in its own recorded block; returns the job's id. */
    JobId order_as_alice(const Amount& max_price = price::from_base_units(50), const Amount& deposit = 10'000'000);
    /** Applies the payload the GUI sent, signed as `name`, as the next recorded block. */
    void apply(const std::string& name, const FakeNode::Request& request);

    std::unique_ptr<RecordedChain> m_chain;
    FakeNode* m_node = nullptr;
    std::unique_ptr<NodeHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestViewModels::init()
{
    m_chain = std::make_unique<RecordedChain>("alice");
    auto node = std::make_unique<FakeNode>();
    m_node = node.get();
    m_host = std::make_unique<NodeHost>(std::move(node), QStringLiteral("/data"));
    for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
             m_host->providers(), m_host->leases(), m_host->servedLeases(), m_host->events(), m_host->accounts(), m_host->account()->history(),
             m_host->account()->offers(), m_host->deploy()->bids()})
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
}

void TestViewModels::cleanup()
{
    m_testers.clear();
    m_host.reset();
    m_chain.reset();
}

void TestViewModels::start()
{
    QVERIFY(m_host->loading());
    m_host->start();
    QCOMPARE(m_node->starts(), 1);
    m_node->deliver(m_chain->snapshot());
    QVERIFY(m_host->running());
    QVERIFY(!m_host->providers()->loaded());
    // The three providers arrive in two chunks; the last shows them all at once.
    const std::vector<ProviderChunk> chunks = m_chain->provider_chunks(2);
    QCOMPARE(chunks.size(), std::size_t{2});
    QCOMPARE(chunks[0].rows.size(), std::size_t{2});
    QCOMPARE(chunks[1].rows.size(), std::size_t{1});
    QVERIFY(!chunks[0].last);
    // Rows that name the same instance type share one string rather than a copy each.
    std::vector<const QString*> types;
    for (const ProviderChunk& chunk : chunks)
        for (const ProviderRow& row : chunk.rows)
            for (const OfferRow& offer : row.offers) types.push_back(&offer.instance_type);
    bool shared_seen = false;
    for (std::size_t a = 0; a < types.size(); ++a)
        for (std::size_t b = a + 1; b < types.size(); ++b)
            if (*types[a] == *types[b]) {
                QCOMPARE(types[a]->constData(), types[b]->constData());
                shared_seen = true;
            }
    QVERIFY2(shared_seen, "the recorded chain's providers should share an instance type");
    m_node->deliver(chunks[0]);
    QCOMPARE(m_host->providers()->rowCount(), 0);
    QVERIFY(!m_host->providers()->loaded());
    m_node->deliver(chunks[1]);
    QVERIFY(m_host->providers()->loaded());
}

JobId TestViewModels::order_as_alice(const Amount& max_price, const Amount& deposit)
{
    const JobId id = m_chain->chain().state().globals().next_job_id;
    tx::CreateOrder order{"cpu.small", 1, max_price, Hash256::of(as_bytes("tst_viewmodels")), std::string(), deposit};
    m_node->deliver(m_chain->submit("alice", order));
    return id;
}

void TestViewModels::apply(const std::string& name, const FakeNode::Request& request)
{
    QVERIFY(request.payload);
    m_node->deliver(m_chain->submit(name, *request.payload));
}

void TestViewModels::snapshotAndBlocksFillTheModels()
{
    QSignalSpy resets(m_host->providers(), &QAbstractItemModel::modelReset);
    start();
    QCOMPARE(m_host->providers()->rowCount(), 3);
    QCOMPARE(m_host->identity(), QStringLiteral("alice"));
    QCOMPARE(m_host->account()->usdc(), QStringLiteral("1000"));
    QCOMPARE(m_host->leases()->rowCount(), 0);
    QCOMPARE(m_host->chainId(), QStringLiteral("berth-test"));
    QCOMPARE(m_host->dataDirectory(), QStringLiteral("/data"));
    QCOMPARE(resets.size(), 1);

    QSignalSpy inserts(m_host->leases(), &QAbstractItemModel::rowsInserted);
    const JobId id = order_as_alice();
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(m_host->leases()->rowCount(), 1);
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::LeaseIdRole).toString(), QString::number(id));
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::StateRole).toString(), QStringLiteral("PROVIDER_LOOKUP"));
    QCOMPARE(m_host->account()->usdc(), QStringLiteral("990"));
    QVERIFY(m_host->account()->history()->rowCount() >= 1);
    QVERIFY(m_host->events()->rowCount() >= 1);

    // p2 (the cheapest) bids and wins: its row is resent with one active job, never the whole list,
    // and the detail panel's selection follows it.
    m_host->providers()->setSelectedAddress(QString::fromStdString(m_chain->address("p2").str()));
    QCOMPARE(m_host->providers()->selected().value(QStringLiteral("name")).toString(), QStringLiteral("p2"));
    QCOMPARE(m_host->providers()->selected().value(QStringLiteral("activeJobs")).toInt(), 0);
    QSignalSpy selected(m_host->providers(), &ProviderListModel::selectedChanged);
    m_node->deliver(m_chain->submit("p2", tx::CreateBid{id, price::from_base_units(20)}));
    for (int i = 0; i < 3 && m_host->leases()->index(0).data(LeaseListModel::StateRole).toString() == QLatin1String("PROVIDER_LOOKUP"); ++i)
        m_node->deliver(m_chain->block({}, 1000));
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::StateRole).toString(), QStringLiteral("CREATE_LEASE"));
    const ProviderListModel* providers = m_host->providers();
    int active = 0;
    for (int r = 0; r < providers->rowCount(); ++r)
        if (providers->index(r).data(ProviderListModel::NameRole).toString() == QLatin1String("p2"))
            active = providers->index(r).data(ProviderListModel::ActiveJobsRole).toInt();
    QCOMPARE(active, 1);
    QVERIFY(selected.size() >= 1);
    QCOMPARE(m_host->providers()->selected().value(QStringLiteral("activeJobs")).toInt(), 1);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_host->height(), static_cast<qint64>(m_chain->chain().state().globals().last_height));
}

void TestViewModels::leaseActionsAreCheckedThenSent()
{
    start();
    const JobId id = order_as_alice();
    const QString lease = QString::number(id);
    QSignalSpy outcomes(m_host.get(), &NodeHost::actionFinished);

    // Bad input never reaches the node.
    for (const QString& bad : {QStringLiteral("1.1234567"), QStringLiteral("-1"), QStringLiteral("abc"), QStringLiteral("0"), QString()})
        QVERIFY2(!m_host->topUpLease(lease, bad).isEmpty(), qPrintable(bad));
    QCOMPARE(m_host->topUpLease(QStringLiteral("999"), QStringLiteral("1")), QStringLiteral("Unknown lease: 999"));
    QVERIFY(!m_host->updateLease(lease, QStringLiteral("0"), QStringLiteral("0.001")).isEmpty());
    QVERIFY(!m_host->updateLease(lease, QStringLiteral("65"), QStringLiteral("0.001")).isEmpty());
    QCOMPARE(m_host->updateLease(lease, QStringLiteral("1"), QStringLiteral("0.00005")), QStringLiteral("These are the lease's current terms."));
    QVERIFY(m_node->requests().empty());

    // A top-up is sent as exactly that DepositEscrow, as a lease change of this lease.
    QCOMPARE(m_host->topUpLease(lease, QStringLiteral("1.5")), QString());
    const FakeNode::Request top_up = m_node->take();
    QCOMPARE(top_up.kind, QStringLiteral("send"));
    QCOMPARE(top_up.action, NodeAction::LeaseChange);
    QCOMPARE(top_up.lease, id);
    QVERIFY(top_up.payload && std::holds_alternative<tx::DepositEscrow>(*top_up.payload));
    QCOMPARE(std::get<tx::DepositEscrow>(*top_up.payload).amount, Amount(1'500'000));
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::ActionMessageRole).toString(), QStringLiteral("Sending top-up of 1.5 USDC…"));

    // The outcome lands on the lease's row; the block that holds it raises the escrow by exactly that.
    m_node->answer(ActionOutcome::failure(NodeAction::LeaseChange, QStringLiteral("mempool_full"), QStringLiteral("try later"), id));
    QVERIFY(m_host->leases()->index(0).data(LeaseListModel::ActionFailedRole).toBool());
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::ActionMessageRole).toString(),
             QStringLiteral("Rejected (mempool_full): try later"));
    m_node->answer(ActionOutcome::success(NodeAction::LeaseChange, id));
    QVERIFY(!m_host->leases()->index(0).data(LeaseListModel::ActionFailedRole).toBool());
    QCOMPARE(outcomes.size(), 2);
    apply("alice", top_up);
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::EscrowRole).toString(), QStringLiteral("11.5"));

    QCOMPARE(m_host->updateLease(lease, QStringLiteral("2"), QStringLiteral("0.0001")), QString());
    const FakeNode::Request update = m_node->take();
    QVERIFY(update.payload && std::holds_alternative<tx::UpdateLease>(*update.payload));
    QCOMPARE(std::get<tx::UpdateLease>(*update.payload).terms.replicas, 2u);
    QCOMPARE(std::get<tx::UpdateLease>(*update.payload).terms.max_price_per_s, price::from_base_units(100));

    QCOMPARE(m_host->closeLease(lease), QString());
    const FakeNode::Request close = m_node->take();
    QVERIFY(close.payload && std::holds_alternative<tx::CloseLease>(*close.payload));
    apply("alice", close);
    QCOMPARE(m_host->leases()->index(0).data(LeaseListModel::StateRole).toString(), QStringLiteral("ORDER_CLOSED"));
    QCOMPARE(m_host->account()->usdc(), QStringLiteral("1000"));
}

void TestViewModels::deployWizardChecksEachEditOnce()
{
    start();
    DeployFlow* flow = m_host->deploy();
    QSignalSpy market(flow, &DeployFlow::marketChanged);
    flow->setInstanceType(QStringLiteral("cpu.small"));
    flow->setReplicas(2);
    QVERIFY(!flow->instanceValid());
    flow->maxPrice()->setText(QStringLiteral("0.00001"));
    QVERIFY(flow->instanceValid());
    // p2's 20 base units a second is the cheapest; for two replicas that is above 0.00001 USDC/s.
    QVERIFY(flow->marketWarning());
    QVERIFY2(flow->marketHint().contains(QStringLiteral("above your max price")), qPrintable(flow->marketHint()));
    flow->maxPrice()->setText(QStringLiteral("0.0001"));
    QVERIFY(!flow->marketWarning());
    QVERIFY2(flow->marketHint().startsWith(QStringLiteral("Best current offer: 0.00004")), qPrintable(flow->marketHint()));
    flow->setReplicas(0);
    QVERIFY(!flow->replicasError().isEmpty());
    flow->setReplicas(2);

    // The ledger's minimum deposit covers min_escrow_seconds (60) at the max price: 0.006 USDC.
    QCOMPARE(flow->minimumDeposit(), QStringLiteral("0.006"));
    flow->deposit()->setText(QStringLiteral("0.005"));
    QVERIFY2(flow->depositError().contains(QStringLiteral("0.006")), qPrintable(flow->depositError()));
    flow->deposit()->setText(QStringLiteral("0.1234567"));
    QCOMPARE(flow->depositError(), QStringLiteral("USDC has at most 6 decimals."));
    flow->deposit()->setText(QStringLiteral("5"));
    QVERIFY(flow->depositError().isEmpty());
    QVERIFY(!flow->runtimeEstimate().isEmpty());

    // The manifest: its problem and where it is.
    flow->setManifest(QStringLiteral("{\n  \"version\": 1,\n  \"services\": [ }\n"));
    QVERIFY(!flow->manifestValid());
    QCOMPARE(flow->manifestLine(), 3);
    QVERIFY(flow->manifestColumn() > 0);
    QCOMPARE(flow->manifestLineStart(), flow->manifest().indexOf(QStringLiteral("  \"services\"")));
    // A bad value: the field, and the line and column where its value starts.
    const QString bad_port = flow->templateText(QStringLiteral("hello-static")).replace(QStringLiteral("[80]"), QStringLiteral("[70000]"));
    flow->setManifest(bad_port);
    QVERIFY(!flow->manifestValid());
    QCOMPARE(flow->manifestField(), QStringLiteral("services[0].ports[0]"));
    const qsizetype at = bad_port.indexOf(QStringLiteral("70000"));
    QCOMPARE(flow->manifestLine(), static_cast<int>(bad_port.left(at).count(QLatin1Char('\n'))) + 1);
    QCOMPARE(flow->manifestColumn(), static_cast<int>(at - bad_port.lastIndexOf(QLatin1Char('\n'), at)));
    QVERIFY2(flow->manifestError().startsWith(QStringLiteral("services[0].ports[0]: ")), qPrintable(flow->manifestError()));
    flow->setManifest(flow->templateText(QStringLiteral("hello-static")));
    QVERIFY2(flow->manifestValid(), qPrintable(flow->manifestError()));
    QVERIFY(flow->readyToSubmit());

    // The market hint follows the blocks: p2 withdraws its offer and p1's 30 a second is the best.
    market.clear();
    m_node->deliver(m_chain->submit("p2", tx::SetOffer{"cpu.small", 0, 0}));
    QVERIFY(market.size() >= 1);
    QVERIFY2(flow->marketHint().startsWith(QStringLiteral("Best current offer: 0.00006")), qPrintable(flow->marketHint()));
}

void TestViewModels::deployWizardFollowsTheOrder()
{
    start();
    DeployFlow* flow = m_host->deploy();
    flow->setInstanceType(QStringLiteral("cpu.small"));
    flow->setReplicas(1);
    flow->maxPrice()->setText(QStringLiteral("0.00005"));
    flow->deposit()->setText(QStringLiteral("10"));
    flow->setManifest(flow->templateText(QStringLiteral("hello-static")));
    QCOMPARE(flow->submit(), QString());
    QCOMPARE(flow->stage(), DeployFlow::Stage::Submitting);
    QCOMPARE(flow->submit(), QStringLiteral("An order is already on its way; wait for it or start over."));
    const FakeNode::Request sent = m_node->take();
    QCOMPARE(sent.kind, QStringLiteral("order"));
    QVERIFY(sent.order);
    QCOMPARE(sent.order->instance_type, QStringLiteral("cpu.small"));
    QCOMPARE(sent.order->max_price_per_s, price::from_base_units(50));
    QCOMPARE(sent.order->deposit, Amount(10'000'000));
    QCOMPARE(sent.order->manifest, flow->manifest().toUtf8());
    QVERIFY(m_node->take().kind.isEmpty());

    m_node->answer(ActionOutcome::success(NodeAction::PlaceOrder));
    QCOMPARE(flow->status(), QStringLiteral("Order sent; waiting for the next block…"));
    const JobId id = order_as_alice(sent.order->max_price_per_s, sent.order->deposit);
    Q_EMIT m_node->orderCreated(id);
    QCOMPARE(flow->stage(), DeployFlow::Stage::Lookup);
    QCOMPARE(flow->orderId(), QString::number(id));

    OrderProgress progress;
    progress.job = m_chain->chain().job(id);
    progress.height = m_chain->chain().state().globals().last_height;
    progress.bids.push_back(
        OrderProviderRow{QString::fromStdString(m_chain->address("p2").str()), QStringLiteral("p2"), price::from_base_units(20), QString()});
    Q_EMIT m_node->orderProgress(progress);
    QCOMPARE(flow->bids()->rowCount(), 1);
    QVERIFY2(flow->status().startsWith(QStringLiteral("1 bid(s) so far")), qPrintable(flow->status()));

    m_node->deliver(m_chain->submit("p2", tx::CreateBid{id, price::from_base_units(20)}));
    m_chain->chain().close_window(id);
    progress.job = m_chain->chain().job(id);
    progress.provider_name = QStringLiteral("p2");
    Q_EMIT m_node->orderProgress(progress);
    QCOMPARE(flow->stage(), DeployFlow::Stage::Matched);
    QCOMPARE(flow->winnerName(), QStringLiteral("p2"));

    Q_EMIT m_node->uploadProgress(id, TenantAgent::UploadStage::Failed, QStringLiteral("handshake failed"));
    QCOMPARE(flow->stage(), DeployFlow::Stage::Failed);
    QCOMPARE(flow->error(), QStringLiteral("The manifest upload failed: handshake failed"));
}

void TestViewModels::identityActionsSendTypedRequests()
{
    start();
    IdentityActions* actions = m_host->actions();
    QCOMPARE(actions->switchIdentity(QStringLiteral("nobody"), QString()), QStringLiteral("There is no account named nobody."));
    QCOMPARE(actions->switchIdentity(QStringLiteral("alice"), QString()), QStringLiteral("You already act as alice."));
    QCOMPARE(actions->switchIdentity(QStringLiteral("p1"), QString()), QString());
    const FakeNode::Request switched = m_node->take();
    QCOMPARE(switched.kind, QStringLiteral("switch"));
    QCOMPARE(switched.name, QStringLiteral("p1"));
    QVERIFY(actions->results().value(QStringLiteral("switch")).toMap().value(QStringLiteral("busy")).toBool());
    Q_EMIT m_node->identitySwitched(m_chain->switch_to("p1"));
    m_node->answer(ActionOutcome::success(NodeAction::SwitchIdentity));
    QCOMPARE(m_host->identity(), QStringLiteral("p1"));
    QCOMPARE(actions->results().value(QStringLiteral("switch")).toMap().value(QStringLiteral("text")).toString(),
             QStringLiteral("Now acting as p1."));
    QVERIFY(m_host->account()->registered());
    QCOMPARE(m_host->account()->offers()->rowCount(), 1);

    // Bad input is refused here; nothing is sent.
    QCOMPARE(actions->stake(QStringLiteral("1.1234567890123456789")), QStringLiteral("POND has at most 18 decimals."));
    QCOMPARE(actions->stake(QStringLiteral("100000")), QStringLiteral("Only 1000 POND is available to stake."));
    QCOMPARE(actions->setOffer(QStringLiteral("cpu.tiny"), QStringLiteral("abc"), QStringLiteral("2")),
             QStringLiteral("Not a USDC amount: abc"));
    QCOMPARE(actions->setOffer(QStringLiteral("cpu.tiny"), QStringLiteral("1"), QStringLiteral("100001")),
             QStringLiteral("The capacity must be a whole number from 0 to 100000."));
    QCOMPARE(actions->withdrawEarnings(), QStringLiteral("There are no earnings to withdraw."));
    QVERIFY(m_node->take().kind.isEmpty());

    QCOMPARE(actions->stake(QStringLiteral("2.5")), QString());
    const FakeNode::Request stake = m_node->take();
    QCOMPARE(stake.action, NodeAction::Stake);
    QVERIFY(stake.payload && std::holds_alternative<tx::Stake>(*stake.payload));
    QCOMPARE(std::get<tx::Stake>(*stake.payload).amount, Amount("2500000000000000000"));
    m_node->answer(ActionOutcome::failure(NodeAction::Stake, QStringLiteral("insufficient_funds"), QStringLiteral("not enough POND")));
    const QVariantMap result = actions->results().value(QStringLiteral("stake")).toMap();
    QVERIFY(result.value(QStringLiteral("failed")).toBool());
    QCOMPARE(result.value(QStringLiteral("text")).toString(), QStringLiteral("Rejected (insufficient_funds): not enough POND"));
    apply("p1", stake);
    QCOMPARE(m_host->account()->stake(), QStringLiteral("1002.5"));

    QCOMPARE(actions->setOffer(QStringLiteral("cpu.small"), QStringLiteral("0.000003"), QStringLiteral("7")), QString());
    const FakeNode::Request offer = m_node->take();
    QCOMPARE(offer.action, NodeAction::SetOffer);
    QCOMPARE(std::get<tx::SetOffer>(*offer.payload).capacity, 7u);
    QCOMPARE(std::get<tx::SetOffer>(*offer.payload).price_per_s, price::from_base_units(3));

    // A certificate stays busy until a block holds it and its files are written.
    QCOMPARE(actions->createCertificate(), QString());
    QCOMPARE(m_node->take().kind, QStringLiteral("certificate"));
    m_node->answer(ActionOutcome::success(NodeAction::PublishCertificate));
    QVERIFY(actions->results().value(QStringLiteral("certificate")).toMap().value(QStringLiteral("busy")).toBool());
    m_node->answer(ActionOutcome::success(NodeAction::CertificateSaved));
    QVERIFY(!actions->results().value(QStringLiteral("certificate")).toMap().value(QStringLiteral("busy")).toBool());

    QCOMPARE(actions->createAccount(QStringLiteral("carol"), QStringLiteral("passphrase1"), QStringLiteral("passphrase2")),
             QStringLiteral("The two passphrases differ."));
    QCOMPARE(actions->createAccount(QStringLiteral("carol"), QStringLiteral("passphrase1"), QStringLiteral("passphrase1")), QString());
    const FakeNode::Request created = m_node->take();
    QCOMPARE(created.kind, QStringLiteral("create"));
    QCOMPARE(created.secret, QStringLiteral("passphrase1"));
    QCOMPARE(actions->exportAccount(QStringLiteral("p1"), QStringLiteral("file:///tmp/p1.key")), QString());
    QCOMPARE(m_node->take().path, QStringLiteral("/tmp/p1.key"));
}

void TestViewModels::amountInputReadsExactly()
{
    AmountInput input;
    QVERIFY(!input.valid());
    QCOMPARE(input.error(), QStringLiteral("Enter an amount in USDC."));
    input.setRequired(false);
    QVERIFY(input.valid());
    input.setText(QStringLiteral("12.345678"));
    QCOMPARE(input.baseUnits(), QStringLiteral("12345678"));
    input.setText(QStringLiteral("12.3456789"));
    QVERIFY(!input.valid());
    QCOMPARE(input.baseUnits(), QString());
    input.setKind(AmountInput::Kind::Pond);
    QCOMPARE(input.baseUnits(), QStringLiteral("12345678900000000000"));
    QCOMPARE(input.decimals(), 18);
    // A price keeps 12 decimals below the base unit: 0.000000000000000001 USDC/s is one unit of rate.
    input.setKind(AmountInput::Kind::UsdcPerSecond);
    input.setText(QStringLiteral("0.000000000000000001"));
    QCOMPARE(input.baseUnits(), QStringLiteral("1"));
    input.setText(QStringLiteral("0.0000000000000000001"));
    QCOMPARE(input.error(), QStringLiteral("A price per second has at most 18 decimals of USDC."));
    // Beyond what any JavaScript number holds exactly, still exact.
    input.setKind(AmountInput::Kind::Usdc);
    input.setText(QStringLiteral("123456789012345678901234567890.123456"));
    QCOMPARE(input.baseUnits(), QStringLiteral("123456789012345678901234567890123456"));
}

void TestViewModels::stoppedNodeRefusesRequests()
{
    start();
    const JobId id = order_as_alice();
    m_node->fail(QStringLiteral("disk full"));
    QVERIFY(!m_host->running());
    QCOMPARE(m_host->error(), QStringLiteral("disk full"));
    QCOMPARE(m_host->leases()->rowCount(), 1);
    QCOMPARE(m_host->topUpLease(QString::number(id), QStringLiteral("1")), QStringLiteral("The node is not running."));
    QCOMPARE(m_host->actions()->stake(QStringLiteral("1")), QStringLiteral("The node is not running."));
    QVERIFY(m_node->take().kind.isEmpty());
}

QTEST_GUILESS_MAIN(TestViewModels)
#include "tst_viewmodels.moc"
