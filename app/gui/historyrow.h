#pragma once

#include <address.h>
#include <event.h>

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>

namespace berth::gui {

/**
 * One line of the wallet's history: an event read from the point of view of one account, so a
 * transfer is "Sent" or "Received", a closed lease shows its refund to the owner and its
 * earnings to the provider, and a slash shows the stake lost. The amount is already signed
 * and formatted in its denomination; `direction` ("in", "out", "stake", "none") lets the view
 * colour it without parsing.
 */
struct HistoryRow {
    Q_DECLARE_TR_FUNCTIONS(berth::gui::HistoryRow)

public:
    std::uint64_t height = 0;
    QString title;
    QString amount;
    QString direction;
    QString lease_id;
    QString details;

    /** The row `event` makes in the history of `me`, or nullopt when it does not concern its money or role. */
    static std::optional<HistoryRow> from(std::uint64_t height, const Event& event, const Address& me);
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::HistoryRow)
