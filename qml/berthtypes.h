#pragma once

#include <deployflow.h>
#include <eventlistmodel.h>
#include <leaseeventproxy.h>
#include <leaselistmodel.h>
#include <nodehost.h>
#include <orderprovidermodel.h>
#include <providerfilterproxy.h>
#include <providerlistmodel.h>

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

} // namespace berth::qml
