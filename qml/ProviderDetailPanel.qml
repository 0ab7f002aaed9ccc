import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Everything about one provider: identity, standing and every offer it makes.
Rectangle {
    id: panel
    // The provider's roles by name (from ProviderListModel.get), or an empty object.
    property var provider: ({})
    readonly property bool hasProvider: provider !== undefined && provider.address !== undefined

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius

    Label {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.spacingL
        visible: !panel.hasProvider
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Select a provider to see its offers.")
        color: Theme.textMuted
    }

    ScrollView {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        visible: panel.hasProvider
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: parent.width
            spacing: Theme.spacingS

            Label {
                objectName: "detailName"
                Layout.fillWidth: true
                text: panel.hasProvider ? panel.provider.name : ""
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
            }
            TextEdit {
                Layout.fillWidth: true
                text: panel.hasProvider ? panel.provider.address : ""
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
            }

            GridLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                columns: 2
                columnSpacing: Theme.spacingM
                rowSpacing: Theme.spacingXs

                Label { text: qsTr("Region"); color: Theme.textMuted }
                Label { Layout.fillWidth: true; text: panel.hasProvider ? panel.provider.region : ""; color: Theme.text; elide: Text.ElideRight }
                Label { text: qsTr("Endpoint"); color: Theme.textMuted }
                Label { Layout.fillWidth: true; text: panel.hasProvider ? panel.provider.endpoint : ""; color: Theme.text; elide: Text.ElideMiddle }
                Label { text: qsTr("Stake"); color: Theme.textMuted }
                Label { Layout.fillWidth: true; text: panel.hasProvider ? qsTr("%1 POND").arg(panel.provider.stake) : ""; color: Theme.text; elide: Text.ElideRight }
                Label { text: qsTr("Locked"); color: Theme.textMuted }
                Label { Layout.fillWidth: true; text: panel.hasProvider ? qsTr("%1 POND").arg(panel.provider.stakeLocked) : ""; color: Theme.text; elide: Text.ElideRight }
                Label { text: qsTr("Slashes"); color: Theme.textMuted }
                Label {
                    text: panel.hasProvider ? panel.provider.slashes : ""
                    color: panel.hasProvider && panel.provider.slashes > 0 ? Theme.danger : Theme.text
                }
                Label { text: qsTr("Auditor score"); color: Theme.textMuted }
                Label {
                    objectName: "detailAuditorScore"
                    Layout.fillWidth: true
                    text: panel.hasProvider ? (panel.provider.jobsServed > 0
                          ? qsTr("%1 (%n job(s) served, %2 slashed)", "", panel.provider.jobsServed).arg(panel.provider.auditorScore).arg(panel.provider.slashes)
                          : qsTr("no jobs served yet")) : ""
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Label { text: qsTr("Active jobs"); color: Theme.textMuted }
                Label { text: panel.hasProvider ? panel.provider.activeJobs : ""; color: Theme.text }
            }

            Label {
                Layout.topMargin: Theme.spacingM
                text: qsTr("Offers")
                font.pixelSize: Theme.fontHeading
                font.bold: true
                color: Theme.text
            }
            Label {
                visible: panel.hasProvider && panel.provider.offers.length === 0
                text: qsTr("This provider offers nothing right now.")
                color: Theme.textMuted
            }

            Repeater {
                objectName: "detailOffers"
                model: panel.hasProvider ? panel.provider.offers : []
                delegate: Rectangle {
                    required property var modelData
                    Layout.fillWidth: true
                    implicitHeight: offerColumn.implicitHeight + 2 * Theme.spacingS
                    radius: Theme.radius
                    color: Theme.surfaceAlt
                    border.color: Theme.border

                    ColumnLayout {
                        id: offerColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacingS
                        spacing: Theme.spacingXs
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                text: modelData.instanceType
                                font.bold: true
                                color: Theme.text
                            }
                            Label {
                                text: qsTr("%1 of %2 free").arg(modelData.free).arg(modelData.capacity)
                                color: modelData.free > 0 ? Theme.success : Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1 USDC/s · %2 USDC/h").arg(modelData.pricePerSecond).arg(modelData.pricePerHour)
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                    }
                }
            }
        }
    }
}
