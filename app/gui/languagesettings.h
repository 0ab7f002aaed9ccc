#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QSettings>
#include <QString>
#include <QTranslator>
#include <QVariantList>

#include <memory>

class QJSEngine;

namespace berth::gui {

/**
 * The GUI's language: English or German, from the translations compiled into the app
 * (:/i18n/berth_*.qm). The choice is stored with QSettings under "language" and applied at
 * start-up; a change at runtime swaps the installed translator and retranslates the QML
 * engine, so every qsTr binding updates in place. QML reaches the one instance as the
 * Language singleton.
 */
class LanguageSettings : public QObject
{
    Q_OBJECT
    /** "en" or "de". */
    Q_PROPERTY(QString current READ current NOTIFY currentChanged)
    /** [{code, name}] for the language picker, each name in its own language. */
    Q_PROPERTY(QVariantList languages READ languages CONSTANT)

public:
    /** Reads the stored choice from `settings` (the user's berth/berth settings when null), or the system's language when none is stored. */
    explicit LanguageSettings(std::unique_ptr<QSettings> settings = nullptr, QObject* parent = nullptr);
    ~LanguageSettings() override;

    static void set_instance(LanguageSettings* settings);
    static LanguageSettings* instance();
    /** The QML singleton factory: hands out the instance made in C++ and remembers the engine to retranslate. */
    static LanguageSettings* create(QQmlEngine* engine, QJSEngine* js_engine);

    /** Installs the translator for the current language into the application. */
    void install();
    void set_engine(QQmlEngine* engine) { m_engine = engine; }

    /** Switches to `code`, stores it and retranslates; false for a language the app does not have. */
    Q_INVOKABLE bool setLanguage(const QString& code);

    QString current() const { return m_current; }
    QVariantList languages() const;

Q_SIGNALS:
    void currentChanged();

private:
    std::unique_ptr<QSettings> m_settings;
    QTranslator m_translator;
    QString m_current;
    bool m_installed = false;
    QPointer<QQmlEngine> m_engine;
};

} // namespace berth::gui
