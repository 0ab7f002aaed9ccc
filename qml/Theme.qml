pragma Singleton
import QtQuick

// Colours, spacing and type sizes for every page; no page spells a colour or a size itself.
QtObject {
    readonly property color background: "#f4f6f9"
    readonly property color surface: "#ffffff"
    readonly property color surfaceAlt: "#f8f9fb"
    readonly property color border: "#dde2e8"
    readonly property color text: "#1b2330"
    readonly property color textMuted: "#5d6878"
    readonly property color accent: "#2563eb"
    readonly property color accentSoft: "#e6eefc"
    readonly property color accentText: "#ffffff"
    readonly property color danger: "#b42318"
    readonly property color dangerSoft: "#fdecea"
    readonly property color success: "#1f7a3d"
    readonly property color warning: "#b45309"
    readonly property color warningSoft: "#fef3e2"
    readonly property color successSoft: "#e7f5ec"
    readonly property color rail: "#18202c"
    readonly property color railSelected: "#2b3647"
    readonly property color railText: "#e8edf3"
    readonly property color railMuted: "#94a0b2"

    readonly property int spacingXs: 4
    readonly property int spacingS: 8
    readonly property int spacingM: 12
    readonly property int spacingL: 16
    readonly property int spacingXl: 24
    readonly property int radius: 6

    readonly property int fontSmall: 12
    readonly property int fontBody: 14
    readonly property int fontHeading: 16
    readonly property int fontTitle: 22
    readonly property string monoFamily: "monospace"

    readonly property int railWidth: 180
    readonly property int rowHeight: 52
    readonly property int headerHeight: 34
    readonly property int detailWidth: 300
    readonly property int eventPanelWidth: 340
    readonly property int fieldWidth: 140
}
