#pragma once

#include <accountlistmodel.h>
#include <deployflow.h>
#include <eventlistmodel.h>
#include <historylistmodel.h>
#include <identityactions.h>
#include <identityview.h>
#include <languagesettings.h>
#include <ledgerlimits.h>
#include <amountinput.h>
#include <leaseeventproxy.h>
#include <leaselistmodel.h>
#include <logfilterproxy.h>
#include <loglistmodel.h>
#include <networksettings.h>
#include <nodehost.h>
#include <offerlistmodel.h>
#include <orderprovidermodel.h>
#include <providerfilterproxy.h>
#include <providerlistmodel.h>
#include <spendseriesmodel.h>

#include <QtQml/qqml.h>

/**
 * The C++ types the Berth QML module exposes. They live in the berth_gui library, which the
 * app and the tests link without QML, so the module registers them here as foreign types
 * instead of the library registering itself.
 */
namespace berth::qml {

/** The embedded node, as the one NodeHost that main (or a test) created. */
struct NodeHostForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::NodeHost)
    QML_NAMED_ELEMENT(NodeHost)
    QML_SINGLETON

public:
    static berth::gui::NodeHost* create(QQmlEngine* engine, QJSEngine* js_engine)
    {
        return berth::gui::NodeHost::create(engine, js_engine);
    }
};

struct ProviderFilterProxyForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::ProviderFilterProxy)
    QML_NAMED_ELEMENT(ProviderFilterProxy)
};

struct ProviderListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::ProviderListModel)
    QML_NAMED_ELEMENT(ProviderListModel)
    QML_UNCREATABLE("NodeHost.providers is the provider list")
};

struct EventListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::EventListModel)
    QML_NAMED_ELEMENT(EventListModel)
    QML_UNCREATABLE("NodeHost.events is the event list")
};

struct LeaseListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LeaseListModel)
    QML_NAMED_ELEMENT(LeaseListModel)
    QML_UNCREATABLE("NodeHost.leases is the lease list")
};

struct LeaseEventProxyForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LeaseEventProxy)
    QML_NAMED_ELEMENT(LeaseEventProxy)
    QML_UNCREATABLE("NodeHost.leaseEvents is the selected lease's event log")
};

struct LogListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LogListModel)
    QML_NAMED_ELEMENT(LogListModel)
    QML_UNCREATABLE("NodeHost.logs holds the open lease's log lines")
};

struct LogFilterProxyForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LogFilterProxy)
    QML_NAMED_ELEMENT(LogFilterProxy)
};

/** An amount field's exact value and validation: every amount field of the pages has one. */
struct AmountInputForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::AmountInput)
    QML_NAMED_ELEMENT(AmountInput)
};

/** The ledger's limits on user input, for the fields that must stop where the ledger does. */
struct LimitsForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LedgerLimits)
    QML_NAMED_ELEMENT(Limits)
    QML_SINGLETON
};

struct DeployFlowForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::DeployFlow)
    QML_NAMED_ELEMENT(DeployFlow)
    QML_UNCREATABLE("NodeHost.deploy is the Deploy wizard")
};

struct OrderProviderModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::OrderProviderModel)
    QML_NAMED_ELEMENT(OrderProviderModel)
    QML_UNCREATABLE("NodeHost.deploy.bids and .excluded are an order's providers")
};

/** The GUI's language, as the one LanguageSettings that main (or a test) created. */
struct LanguageForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::LanguageSettings)
    QML_NAMED_ELEMENT(Language)
    QML_SINGLETON

public:
    static berth::gui::LanguageSettings* create(QQmlEngine* engine, QJSEngine* js_engine)
    {
        return berth::gui::LanguageSettings::create(engine, js_engine);
    }
};

/** The chain the embedded node joins, as the one NetworkSettings that main (or a test) created. */
struct NetworkForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::NetworkSettings)
    QML_NAMED_ELEMENT(Network)
    QML_SINGLETON

public:
    static berth::gui::NetworkSettings* create(QQmlEngine* engine, QJSEngine* js_engine)
    {
        return berth::gui::NetworkSettings::create(engine, js_engine);
    }
};

struct IdentityViewForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::IdentityView)
    QML_NAMED_ELEMENT(IdentityView)
    QML_UNCREATABLE("NodeHost.account is the current identity")
};

struct IdentityActionsForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::IdentityActions)
    QML_NAMED_ELEMENT(IdentityActions)
    QML_UNCREATABLE("NodeHost.actions acts as the current identity")
};

struct AccountListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::AccountListModel)
    QML_NAMED_ELEMENT(AccountListModel)
    QML_UNCREATABLE("NodeHost.accounts is the keystore's account list")
};

struct OfferListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::OfferListModel)
    QML_NAMED_ELEMENT(OfferListModel)
    QML_UNCREATABLE("NodeHost.account.offers is the identity's offer list")
};

struct HistoryListModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::HistoryListModel)
    QML_NAMED_ELEMENT(HistoryListModel)
    QML_UNCREATABLE("NodeHost.account.history is the identity's history")
};

struct SpendSeriesModelForeign {
    Q_GADGET
    QML_FOREIGN(berth::gui::SpendSeriesModel)
    QML_NAMED_ELEMENT(SpendSeriesModel)
    QML_UNCREATABLE("NodeHost.account.spendSeries is the spend chart's data")
};

} // namespace berth::qml
