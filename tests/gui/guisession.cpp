#include "guisession.h"

#include <QDir>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSettings>
#include <QTest>
#include <QtQuickTest/quicktest.h>

namespace berth::test {

namespace {

bool visible_and_enabled(const QQuickItem* item)
{
    return item && item->isVisible() && item->isEnabled() && item->width() > 0 && item->height() > 0;
}

} // namespace

NodeConfig GuiSession::devnet_config(const QString& datadir, std::uint64_t block_ms)
{
    NodeConfig config;
    config.datadir = datadir;
    config.devnet = true;
    config.block_ms = block_ms;
    config.rpc_port = 0;
    return config;
}

GuiSession::GuiSession(std::uint64_t block_ms) : m_block_ms(block_ms) {}

GuiSession::~GuiSession()
{
    m_engine.reset();
    if (m_host) m_host->shutdown();
}

QString GuiSession::datadir() const
{
    return QDir(m_dir.path()).filePath(QStringLiteral("devnet"));
}

bool GuiSession::start(QString* error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    m_host = std::make_unique<gui::NodeHost>(m_config ? *m_config : devnet_config(datadir(), m_block_ms));
    gui::NodeHost::set_instance(m_host.get());
    m_host->start();
    m_language = std::make_unique<gui::LanguageSettings>(
        std::make_unique<QSettings>(QDir(m_dir.path()).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
    gui::LanguageSettings::set_instance(m_language.get());
    m_network = std::make_unique<gui::NetworkSettings>(
        std::make_unique<QSettings>(QDir(m_dir.path()).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
    gui::NetworkSettings::set_instance(m_network.get());
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    m_engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Berth/Main.qml")));
    if (m_engine->rootObjects().size() != 1 || !(m_window = qobject_cast<QQuickWindow*>(m_engine->rootObjects().first()))) {
        *error = QStringLiteral("Main.qml did not load into a window");
        return false;
    }
    if (!QTest::qWaitForWindowExposed(m_window)) {
        *error = QStringLiteral("the window was never exposed");
        return false;
    }
    if (!QTest::qWaitFor([this] { return m_host->running() || !m_host->error().isEmpty(); }, 30000) || !m_host->running()) {
        *error = QStringLiteral("the node did not start: ") + m_host->error();
        return false;
    }
    return true;
}

QQuickItem* GuiSession::find_visible(QQuickItem* root, const QString& object_name)
{
    // The visual tree, not QObject children: delegates of repeaters and views hang only there,
    // and hidden pages of the StackLayout (which may reuse names) are skipped whole.
    if (!root || !root->isVisible()) return nullptr;
    if (root->objectName() == object_name) return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = find_visible(child, object_name)) return found;
    return nullptr;
}

QQuickItem* GuiSession::item(const QString& object_name) const
{
    return m_window ? find_visible(m_window->contentItem(), object_name) : nullptr;
}

bool GuiSession::click(QQuickItem* target) const
{
    // An item that just became visible may still be laid out; click where it will be drawn.
    if (!QQuickTest::qWaitForPolish(m_window)) return false;
    if (!visible_and_enabled(target)) return false;
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    return true;
}

bool GuiSession::click(const QString& object_name) const
{
    return click(item(object_name));
}

bool GuiSession::type(const QString& object_name, const QString& text) const
{
    QQuickItem* field = item(object_name);
    if (!click(field)) return false;
    if (!QTest::qWaitFor([field] { return field->hasActiveFocus(); }, 2000)) return false;
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_Backspace);
    // QTest::keyClicks is for widgets; a window gets the characters one by one.
    for (const QChar c : text) QTest::keyClick(m_window, c.toLatin1());
    return field->property("text").toString() == text;
}

bool GuiSession::show_page(const QString& rail_entry) const
{
    return click(rail_entry);
}

bool GuiSession::deploy(const QString& instance_type, const QString& max_price, const QString& deposit, QString* error) const
{
    const auto step = [error](bool ok, const QString& what) {
        if (!ok) *error = what;
        return ok;
    };
    if (!step(show_page(QStringLiteral("navDeploy")), QStringLiteral("no Deploy entry in the rail"))) return false;
    QQuickItem* types = item(QStringLiteral("deployInstanceType"));
    int index = -1;
    if (!step(types && QMetaObject::invokeMethod(types, "find", Q_RETURN_ARG(int, index), Q_ARG(QString, instance_type)) && index >= 0,
              QStringLiteral("the instance type box does not offer ") + instance_type))
        return false;
    types->setProperty("currentIndex", index);
    if (!step(type(QStringLiteral("deployMaxPrice"), max_price), QStringLiteral("cannot type the max price"))) return false;
    if (!step(click(QStringLiteral("deployNext1")), QStringLiteral("step 1 refused to go on"))) return false;
    if (!step(click(QStringLiteral("deployUseTemplate")), QStringLiteral("no template button on step 2"))) return false;
    if (!step(click(QStringLiteral("deployNext2")), QStringLiteral("step 2 refused the template manifest"))) return false;
    if (!step(type(QStringLiteral("deployDeposit"), deposit), QStringLiteral("cannot type the deposit"))) return false;
    return step(click(QStringLiteral("deploySubmit")), QStringLiteral("the order could not be placed"));
}

} // namespace berth::test
