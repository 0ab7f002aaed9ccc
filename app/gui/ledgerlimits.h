#pragma once

#include <fieldlimits.h>

#include <QObject>

namespace berth::gui {

/**
 * The ledger's limits on what a user can type (core/fieldlimits.h), as constant properties for
 * QML, so that a page's fields stop where the ledger does. QML reaches it as the Limits
 * singleton; the C++ view models read core's constants directly.
 */
class LedgerLimits : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int leaseReplicas READ leaseReplicas CONSTANT)
    Q_PROPERTY(int offerCapacity READ offerCapacity CONSTANT)
    Q_PROPERTY(int nameBytes READ nameBytes CONSTANT)
    Q_PROPERTY(int regionBytes READ regionBytes CONSTANT)
    Q_PROPERTY(int urlBytes READ urlBytes CONSTANT)
    Q_PROPERTY(int instanceTypeBytes READ instanceTypeBytes CONSTANT)

public:
    using QObject::QObject;

    static int leaseReplicas() { return static_cast<int>(limits::lease_replicas); }
    static int offerCapacity() { return static_cast<int>(limits::offer_capacity); }
    static int nameBytes() { return static_cast<int>(limits::name); }
    static int regionBytes() { return static_cast<int>(limits::region); }
    static int urlBytes() { return static_cast<int>(limits::url); }
    static int instanceTypeBytes() { return static_cast<int>(limits::instance_type); }
};

} // namespace berth::gui
