import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A titled surface that groups one topic of a page; its children stack in a column at the top.
Rectangle {
    id: card
    property string title
    property string subtitle
    // True when a child (a list, a chart) should take the height the card is given.
    property bool stretch: false
    default property alias content: body.data
    property alias spacing: body.spacing

    implicitHeight: column.implicitHeight + 2 * Theme.spacingL
    implicitWidth: column.implicitWidth + 2 * Theme.spacingL
    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        ColumnLayout {
            Layout.fillWidth: true
            visible: card.title.length > 0
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: card.title
                font.pixelSize: Theme.fontHeading
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: card.subtitle
                visible: text.length > 0
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
            }
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: card.stretch
            spacing: Theme.spacingS
        }
        Item {
            Layout.fillHeight: !card.stretch
        }
    }
}
