#pragma once

#include <languagesettings.h>
#include <networksettings.h>
#include <nodehost.h>

#include <QPointer>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class QQuickItem;

namespace berth::test {

/**
 * The real app window for C++ GUI tests: a devnet node in a temporary data directory behind
 * a NodeHost, the language setting in a settings file of its own, and Main.qml loaded from
 * the Berth module into an offscreen 1280×800 window.
 * Tests reach items by objectName and drive them the way a user does, with mouse clicks
 * and key presses sent to the window.
 */
class GuiSession
{
public:
    /** The devnet node configuration the GUI tests use: short blocks, RPC on a free port. */
    static NodeConfig devnet_config(const QString& datadir, std::uint64_t block_ms);

    explicit GuiSession(std::uint64_t block_ms = 250);
    ~GuiSession();

    /** Starts the node and loads the window; false (with the reason in `error`) if either fails. */
    bool start(QString* error);
    /** Runs the window's node with `config` (a network member, say) instead of the devnet; call before start(). */
    void use_config(NodeConfig config) { m_config = std::move(config); }

    gui::NodeHost& host() { return *m_host; }
    QQuickWindow* window() const { return m_window; }
    QString datadir() const;

    /** The visible item with this objectName, or null. */
    QQuickItem* item(const QString& object_name) const;
    /** The first visible item named `object_name` in the visual tree under `root` (root included), or null. */
    static QQuickItem* find_visible(QQuickItem* root, const QString& object_name);
    /** Clicks the middle of the named item; false when there is no such visible, enabled item. */
    bool click(const QString& object_name) const;
    bool click(QQuickItem* item) const;
    /** Gives the named text field focus by clicking it, selects what it holds and types `text`. */
    bool type(const QString& object_name, const QString& text) const;
    /** Shows a page by clicking its entry in the navigation rail ("navDeploy"). */
    bool show_page(const QString& rail_entry) const;

    /**
     * Drives the Deploy wizard through its three editing steps with a bundled manifest
     * template and places the order; false with the reason in `error` when a step refuses.
     */
    bool deploy(const QString& instance_type, const QString& max_price, const QString& deposit, QString* error) const;

private:
    QTemporaryDir m_dir;
    std::uint64_t m_block_ms;
    std::optional<NodeConfig> m_config;
    std::unique_ptr<gui::NodeHost> m_host;
    std::unique_ptr<gui::LanguageSettings> m_language;
    std::unique_ptr<gui::NetworkSettings> m_network;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QPointer<QQuickWindow> m_window;
};

} // namespace berth::test
