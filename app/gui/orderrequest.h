#pragma once

#include <amount.h>

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <cstdint>

namespace berth::gui {

/** What the Deploy wizard asks the node thread to order, already validated on the GUI thread. */
struct OrderRequest {
    QString instance_type;
    std::uint32_t replicas = 1;
    /** The most the whole lease may cost per second, in USDC base units. */
    Amount max_price_per_s = 0;
    Amount deposit = 0;
    /** The manifest's exact bytes: their SHA-256 is what the order carries. */
    QByteArray manifest;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::OrderRequest)
