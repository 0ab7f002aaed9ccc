#include "languagesettings.h"

#include <QCoreApplication>
#include <QJSEngine>
#include <QLocale>
#include <QQmlEngine>
#include <QSettings>

namespace berth::gui {

namespace {

QPointer<LanguageSettings> g_language_settings;
const QString settings_key = QStringLiteral("language");

bool known(const QString& code)
{
    return code == QLatin1String("en") || code == QLatin1String("de");
}

} // namespace

LanguageSettings::LanguageSettings(std::unique_ptr<QSettings> settings, QObject* parent)
    : QObject(parent), m_settings(settings ? std::move(settings)
                                           : std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("berth"),
                                                                         QStringLiteral("berth")))
{
    const QString stored = m_settings->value(settings_key).toString();
    const QString system = QLocale().language() == QLocale::German ? QStringLiteral("de") : QStringLiteral("en");
    m_current = known(stored) ? stored : system;
}

LanguageSettings::~LanguageSettings()
{
    if (m_installed) QCoreApplication::removeTranslator(&m_translator);
    if (g_language_settings == this) g_language_settings = nullptr;
}

void LanguageSettings::set_instance(LanguageSettings* settings)
{
    g_language_settings = settings;
}

LanguageSettings* LanguageSettings::instance()
{
    return g_language_settings;
}

LanguageSettings* LanguageSettings::create(QQmlEngine* engine, QJSEngine*)
{
    LanguageSettings* settings = g_language_settings;
    if (settings) {
        QJSEngine::setObjectOwnership(settings, QJSEngine::CppOwnership);
        settings->set_engine(engine);
    }
    return settings;
}

void LanguageSettings::install()
{
    if (m_installed) QCoreApplication::removeTranslator(&m_translator);
    m_installed = m_translator.load(QLocale(m_current), QStringLiteral("berth"), QStringLiteral("_"), QStringLiteral(":/i18n")) &&
                  QCoreApplication::installTranslator(&m_translator);
}

bool LanguageSettings::setLanguage(const QString& code)
{
    if (!known(code)) return false;
    if (code == m_current) return true;
    m_current = code;
    m_settings->setValue(settings_key, code);
    m_settings->sync();
    install();
    if (m_engine) m_engine->retranslate();
    Q_EMIT currentChanged();
    return true;
}

QVariantList LanguageSettings::languages() const
{
    // Each language is named in itself, so whoever cannot read the current one still finds theirs.
    return {QVariantMap{{QStringLiteral("code"), QStringLiteral("en")}, {QStringLiteral("name"), QStringLiteral("English")}},
            QVariantMap{{QStringLiteral("code"), QStringLiteral("de")}, {QStringLiteral("name"), QStringLiteral("Deutsch")}}};
}

} // namespace berth::gui
