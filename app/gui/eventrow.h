#pragma once

#include <event.h>

#include <QMetaType>
#include <QString>

#include <cstdint>

namespace berth::gui {

/**
 * One chain event flattened for the event list: its block height, lifecycle name, lease id,
 * account and a one-line summary of its fields with amounts already formatted in their
 * denomination, so the view only lays out text.
 */
struct EventRow {
    std::uint64_t height = 0;
    QString name;
    QString lease_id;
    QString account;
    QString details;

    static EventRow from(std::uint64_t height, const Event& event);
};

/** "berth1a2b…9f0e": an address short enough for a table cell; the full one stays available elsewhere. */
QString short_address(const QString& address);

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::EventRow)
