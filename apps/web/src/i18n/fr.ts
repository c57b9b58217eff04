import type { Messages } from './en.ts';

export const fr: Messages = {
  app: { name: 'Lifeline', tagline: 'Console support' },
  nav: {
    lookup: 'Recherche',
    outbox: "Boîte d'envoi",
    audit: "Journal d'audit",
    reports: 'Rapports',
    reviews: 'Revues',
    identityChecks: "Vérifications d'identité",
    alerts: 'Alertes',
    staff: 'Équipe',
    signOut: 'Se déconnecter',
    language: 'Langue',
    colorScheme: 'Mode sombre',
    signIn: 'Connexion',
    notFound: 'Page introuvable',
  },
  signIn: {
    title: 'Connexion à Lifeline',
    email: 'E-mail professionnel',
    password: 'Mot de passe',
    submit: 'Se connecter',
    expired: 'Votre session a pris fin. Reconnectez-vous pour reprendre où vous en étiez.',
    wrong: "L'e-mail ou le mot de passe est incorrect.",
    throttled: 'Trop de tentatives. Patientez 15 minutes puis réessayez.',
    passwordOff:
      "La connexion par mot de passe est désactivée ici : utilisez votre compte d'entreprise ci-dessus. Administrateurs de secours : vérifiez votre e-mail et votre mot de passe.",
    sso: {
      button: 'Se connecter avec {{name}}',
      orPassword: 'ou avec un mot de passe',
      breakGlass:
        "Connexion de secours (administrateurs, quand l'authentification unique est indisponible)",
      errors: {
        not_configured: "L'authentification unique n'est pas configurée sur ce serveur.",
        no_pending_sign_in: 'Cette connexion avait expiré ou a déjà servi. Recommencez.',
        state_mismatch:
          "La réponse du fournisseur d'identité ne correspond pas à la connexion commencée ici. Recommencez.",
        provider_refused:
          "Le fournisseur d'identité ne vous a pas connecté (annulation, ou accès non autorisé).",
        code_rejected: "Le fournisseur d'identité n'a pas confirmé cette connexion. Recommencez.",
        invalid_id_token:
          "La réponse du fournisseur d'identité n'a pas pu être vérifiée. Recommencez ; si cela se reproduit, prévenez votre administrateur.",
        id_token_expired: 'La connexion a pris trop de temps et a expiré. Recommencez.',
        no_role:
          "Votre compte d'entreprise n'appartient à aucun groupe qui donne accès à Lifeline. Demandez à votre administrateur de vous ajouter à un groupe du support.",
        staff_disabled: 'Votre accès à Lifeline est désactivé. Adressez-vous à un administrateur.',
        email_in_use:
          "Un compte Lifeline avec votre e-mail existe sans être lié à ce compte d'entreprise. Adressez-vous à un administrateur.",
        missing_email:
          "Le fournisseur d'identité n'a pas transmis d'adresse e-mail vérifiée pour vous. Adressez-vous à votre administrateur.",
        provider_unavailable:
          "Le fournisseur d'identité est injoignable pour le moment. Réessayez dans quelques minutes.",
        rate_limited:
          "Trop d'échecs de connexion depuis ce poste. Patientez 15 minutes puis réessayez.",
      },
    },
  },
  common: {
    loading: 'Chargement…',
    retry: 'Réessayer',
    error: 'Une erreur est survenue',
    errorReference: 'Référence {{requestId}}',
    empty: 'Rien pour le moment',
    copy: 'Copier',
    copied: 'Copié',
    cancel: 'Annuler',
    confirm: 'Confirmer',
    close: 'Fermer',
    next: 'Page suivante',
    notFound: "Cette page n'existe pas.",
    forbidden: 'Votre rôle ne permet pas d’ouvrir cette page.',
  },
  open: {
    title: 'Ouvrir depuis l’outil d’assistance',
    invalid: 'Ce lien ne peut pas ouvrir de diagnostic',
    problems: {
      identifierMissing:
        'Il n’a pas d’identifiant : l’outil d’assistance doit envoyer ?identifier= avec un e-mail, un nom d’utilisateur ou un identifiant de compte.',
      identifierInvalid:
        'Son identifiant est trop long pour être un e-mail, un nom d’utilisateur ou un identifiant de compte.',
      ticketInvalid:
        'Sa référence de ticket n’est pas acceptée par Lifeline (comme ZD-1234 ou #12345 : lettres, chiffres, - _ . # / : et espaces simples, pas de lien).',
    },
    withoutTicket: 'Rechercher {{identifier}} sans le ticket',
    toLookup: 'Aller à la recherche',
  },
  ticketRef: { open: 'Ouvrir le ticket {{ticketRef}} dans l’outil d’assistance (nouvel onglet)' },
  script: {
    identifier_not_found:
      "Je ne trouve pas de compte avec l'e-mail ou le nom d'utilisateur que vous m'avez donné. Pouvez-vous me l'épeler de nouveau, lettre par lettre ? Si vous avez pu vous inscrire avec une autre adresse ou un nom d'utilisateur, je peux aussi les rechercher.",
    account_id_not_found:
      "Je ne trouve aucun compte avec l'identifiant de compte que vous m'avez donné. Pouvez-vous me le relire, caractère par caractère ? Il commence par acc et un tiret bas. Si c'est plus simple, je peux aussi vous retrouver avec l'adresse e-mail ou le nom d'utilisateur avec lequel vous vous connectez.",
    purged:
      "Un compte associé à cette adresse a été fermé, et ses données ont été définitivement effacées le {{purgedAt}}, 120 jours après sa désactivation. Il ne reste rien que je puisse restaurer, j'en suis désolé. Vous pouvez tout à fait vous inscrire de nouveau avec la même adresse.",
    ambiguous_login: {
      owner_and_member:
        "Votre adresse e-mail est utilisée par plusieurs connexions, par exemple comme utilisateur principal de votre compte et comme membre de l'équipe d'un autre compte. À la connexion, notre système ne peut pas savoir quel compte vous visez, d'où l'erreur. Une fois votre identité vérifiée, je peux supprimer la connexion de membre d'équipe pour que votre adresse fonctionne de nouveau. Le titulaire de l'autre compte en sera informé et pourra vous inviter avec une autre adresse.",
      team_memberships:
        "Votre adresse e-mail fait partie de plusieurs équipes : à la connexion, notre système ne peut pas savoir quelle équipe vous visez, et c'est pour cela que la connexion échoue. Quelle équipe souhaitez-vous garder ? Une fois votre identité vérifiée par un code envoyé à votre adresse e-mail, je vous retirerai de l'autre équipe, ou des autres, et votre adresse fonctionnera de nouveau. Le titulaire de chaque équipe que vous quittez en sera informé et pourra vous inviter de nouveau avec une autre adresse.",
    },
    deactivated_reactivatable: {
      owner_cancelled:
        "Votre compte a été annulé le {{deactivatedAt}}. Nous conservons les comptes annulés pendant 120 jours : je peux donc le réactiver jusqu'au {{deadline}}, avec tous vos contacts, listes et campagnes tels qu'ils étaient. Je dois d'abord vérifier votre identité.",
      owner_request:
        "Votre compte a été désactivé à votre demande le {{deactivatedAt}}. Nous le conservons pendant 120 jours : je peux donc le réactiver jusqu'au {{deadline}}, avec tous vos contacts, listes et campagnes tels qu'ils étaient. Je dois d'abord vérifier votre identité.",
      non_payment:
        "Votre compte a été désactivé le {{deactivatedAt}} car un paiement est resté impayé pendant 90 jours. Je peux le réactiver dans les 120 jours qui suivent cette date, donc jusqu'au {{deadline}}, et tous vos contacts, listes et campagnes seront restaurés. Je dois d'abord vérifier votre identité.",
      trial_expired:
        "Votre période d'essai s'est terminée et le compte a été désactivé le {{deactivatedAt}}. Je peux le réactiver sur l'offre gratuite, avec tout ce que vous avez créé pendant l'essai, jusqu'au {{deadline}}. Vous pourrez repasser à une offre payante quand vous le souhaitez. Je dois d'abord vérifier votre identité.",
    },
    deactivated_window_closed:
      "Votre compte a été désactivé le {{deactivatedAt}}. Nous pouvons restaurer un compte pendant 120 jours, et ce délai a pris fin le {{purgeAfter}} : le compte et ses données sont en cours d'effacement définitif. Je ne peux pas le réactiver, j'en suis désolé. Vous pouvez tout à fait créer un nouveau compte.",
    deactivated_terms:
      "Ce compte a été fermé en application de nos conditions d'utilisation, je ne peux donc pas le rouvrir d'ici. Si vous souhaitez que la décision soit réexaminée, je transmets votre demande à l'équipe qui traite ces cas, et elle vous contactera par e-mail.",
    login_locked: {
      temporary:
        "Votre connexion a été verrouillée pour votre protection après plusieurs mots de passe erronés. Elle se déverrouillera d'elle-même à {{lockedUntil}}. Une fois votre identité vérifiée, je peux la déverrouiller tout de suite et vous envoyer un lien pour choisir un nouveau mot de passe.",
      permanent:
        "Votre connexion est verrouillée après des mots de passe erronés répétés, et elle le restera jusqu'à ce qu'on la déverrouille pour vous ou que le mot de passe soit réinitialisé. Une fois votre identité vérifiée, je peux la déverrouiller et vous envoyer un lien pour choisir un nouveau mot de passe.",
    },
    identity_check_required: {
      not_started:
        "Votre compte est suspendu jusqu'à ce que nous puissions vérifier votre identité. L'e-mail que nous vous avons envoyé le {{placedAt}} explique comment transmettre vos documents. Une fois envoyés, une personne de notre équipe les vérifie, généralement sous 24 à 48 heures.",
      submitted:
        "Nous avons reçu vos justificatifs d'identité le {{submittedAt}}. Une personne de notre équipe les vérifie, et vous aurez une réponse par e-mail au plus tard le {{dueAt}}. Vous n'avez rien d'autre à faire pour le moment.",
      approved:
        'Votre identité a été confirmée. Je lève maintenant le blocage restant sur votre compte.',
      rejected:
        "Nous n'avons pas pu valider votre vérification d'identité. Un responsable d'équipe va examiner votre dossier et vous contactera pour vous dire quoi envoyer.",
    },
    suspicious_activity:
      "Pour votre sécurité, l'accès à votre compte est suspendu pendant que notre équipe sécurité l'examine. Je ne peux pas vous donner de détails par téléphone, mais un responsable va étudier votre dossier et vous recevrez un e-mail.",
    self_block:
      'Vous avez vous-même bloqué votre compte le {{placedAt}}. Une fois votre identité vérifiée, je peux lever ce blocage et vous pourrez vous reconnecter immédiatement.',
    limited_payment_failed:
      "Votre compte fonctionne toujours, mais il est limité depuis l'échec d'un paiement le {{paymentFailedAt}} : nous sommes au jour {{dayOfDunning}} sur 90. Vous pouvez vous connecter ; les fonctionnalités payantes sont suspendues. Nous tenterons de nouveau le paiement le {{nextRetryAt}}. Si le solde n'est pas réglé d'ici le {{deactivatesAt}}, le compte sera désactivé. Mettre à jour votre moyen de paiement dans Facturation règle la situation immédiatement.",
    limited_after_reactivation:
      "Votre compte a été réactivé le {{restartedAt}}, mais le solde impayé reste dû : il est donc limité. Vous pouvez vous connecter ; les fonctionnalités payantes sont suspendues. La période de paiement de 90 jours a recommencé ce jour-là : nous tenterons de nouveau le paiement le {{nextRetryAt}}, et si le solde n'est pas réglé d'ici le {{deactivatesAt}}, le compte sera de nouveau désactivé. Mettre à jour votre moyen de paiement dans Facturation règle la situation immédiatement.",
    username_login: {
      contact_email:
        "Ce compte se connecte avec un nom d'utilisateur et non avec une adresse e-mail. Saisissez votre nom d'utilisateur sur la page de connexion ; je peux vous le rappeler une fois votre identité vérifiée.",
      username:
        "Ce compte se connecte avec le nom d'utilisateur {{username}}, et non avec une adresse e-mail. Saisissez exactement ce nom d'utilisateur sur la page de connexion.",
    },
    recent_credential_change:
      'Votre mot de passe a été modifié le {{changedAt}}. Votre navigateur utilise peut-être encore les anciennes informations : videz son cache et ses cookies, puis connectez-vous avec le nouveau mot de passe.',
    recent_support_action: {
      reactivated:
        'J’ai réactivé votre compte : vous pouvez vous reconnecter dès maintenant avec vos identifiants habituels, et vos contacts, listes et campagnes sont tous là. Vous recevrez aussi un e-mail de confirmation.',
      detached:
        'J’ai retiré votre connexion de membre d’équipe de l’autre compte : votre adresse e-mail ne mène plus qu’à un seul compte. Essayez de vous reconnecter maintenant. Le titulaire de ce compte en a été informé et pourra vous inviter de nouveau avec une autre adresse.',
      unlocked:
        'J’ai déverrouillé votre identifiant : vous pouvez essayer de vous reconnecter maintenant. Si vous n’êtes pas sûr de votre mot de passe, je peux vous envoyer un lien pour en choisir un nouveau.',
      unlocked_reset_sent:
        'J’ai déverrouillé votre identifiant et vous ai envoyé, à l’adresse e-mail enregistrée, un lien pour choisir un nouveau mot de passe. Il fonctionne une seule fois, dans l’heure qui suit son envoi. S’il n’est pas arrivé d’ici quelques minutes, regardez dans vos courriers indésirables.',
      reset_link_sent:
        'Un lien pour choisir un nouveau mot de passe a été envoyé à l’adresse e-mail enregistrée. Il fonctionne une seule fois, dans l’heure qui suit son envoi. S’il n’est pas arrivé d’ici quelques minutes, regardez dans vos courriers indésirables ; je peux en envoyer un autre si besoin.',
      block_lifted:
        'J’ai levé le blocage de votre compte : vous pouvez vous reconnecter dès maintenant. Vous recevrez aussi un e-mail de confirmation.',
    },
    no_blocker_found:
      "Je ne vois rien qui bloque votre compte : le mot de passe est la cause la plus probable. Je vous envoie, à l'adresse e-mail enregistrée, un lien pour choisir un nouveau mot de passe ; il fonctionne une seule fois, pendant une heure.",
    no_blocker_found_after_fix:
      "Plus rien ne bloque votre compte. Si vous ne parvenez toujours pas à vous connecter, le mot de passe est la cause la plus probable : utilisez le lien envoyé à l'adresse e-mail enregistrée, ou je peux vous en envoyer un nouveau ; chaque lien fonctionne une seule fois, pendant une heure.",
    part: {
      deadline: '{{date}} à {{time}} ({{zone}})',
      zone: 'heure de {{city}}',
    },
    extra: {
      limitedAfter:
        'Le solde impayé reste dû : le compte reviendra donc en mode limité. Mettez à jour votre moyen de paiement après vous être connecté.',
      overdue:
        "La vérification prend plus de temps que promis ; je l'ai signalée à mon responsable.",
    },
  },
  account: {
    title: 'Compte',
    copyId: "Copier l'identifiant du compte",
    backToLookup: 'Retour à la recherche',
    openOutbox: 'E-mails de ce compte',
    notFoundTitle: 'Compte introuvable',
    notFound: "Aucun compte n'a l'identifiant {{accountId}}.",
    notFoundHint:
      "Vérifiez l'identifiant, ou recherchez l'appelant par e-mail ou nom d'utilisateur.",
    verificationLocked:
      "La vérification de ce compte est bloquée jusqu'à {{until}} après des échecs répétés.",
    ownerVerified:
      "Titulaire vérifié jusqu'à {{until}} : les données de facturation sont affichées.",
    status: {
      active: 'Actif',
      limited: 'Limité',
      deactivated: 'Désactivé',
      purged: 'Purgé',
    },
    plan: { free: 'Offre gratuite', trial: "Période d'essai", paid: 'Offre payante' },
    created: 'Créé le',
    contactEmail: 'E-mail de contact',
    trialEnds: "Fin de l'essai",
    reason: {
      owner_cancelled: 'Résilié par son titulaire',
      owner_request: 'Désactivé à la demande du titulaire',
      non_payment: 'Impayé depuis 90 jours',
      trial_expired: "Fin de la période d'essai",
      terms_violation: "Violation des conditions d'utilisation",
    },
    window: {
      title: 'Délai de réactivation',
      deactivatedAt: 'Désactivé le',
      reason: 'Motif',
      purgeAfter: 'Fin du délai',
      barLabel: 'Jours restants sur le délai de 120 jours',
      daysLeft: 'Jours restants : {{daysLeft}} sur {{total}}',
      closed:
        'Le délai a pris fin le {{purgeAfter}} : le compte ne peut plus être réactivé et ses données sont en cours d’effacement.',
      notReactivatable:
        "Ce compte ne peut pas être réactivé depuis la console : il a été fermé pour violation des conditions d'utilisation, ou aucun motif n'a été enregistré. Orientez l'appelant vers l'équipe confiance et sécurité.",
    },
    dunning: {
      title: 'Paiement en échec',
      explain:
        'Le compte permet toujours de se connecter, mais les fonctions payantes sont coupées tant que le solde n’est pas réglé.',
      balance: 'Solde dû',
      failedAt: 'Premier prélèvement en échec',
      restartedAt: 'Période de paiement relancée',
      nextRetry: 'Prochaine tentative',
      noRetry: 'Plus aucune tentative',
      deactivatesAt: 'Désactivé si impayé le',
      barLabel: 'Jours écoulés sur la période de paiement de 90 jours',
      day: 'Jour {{day}} sur {{total}}',
    },
    data: {
      title: 'Données du client',
      contacts: 'Contacts',
      lists: 'Listes',
      campaigns: 'Campagnes',
    },
    purged: {
      title: 'Compte purgé',
      body: 'Purgé le {{purgedAt}} ; rien à restaurer.',
      detail: 'Il avait été désactivé le {{deactivatedAt}} ({{reason}}).',
      erased:
        'Ses identifiants, sa facturation, ses blocages et ses données ont été effacés ; seuls son identifiant, ses dates et son historique restent.',
      signUp: 'Le client peut se réinscrire avec la même adresse.',
    },
    logins: {
      title: 'Identifiants et membres d’équipe',
      empty: "Ce compte n'a aucun identifiant.",
      identifier: 'Identifiant',
      kind: 'Type',
      role: 'Rôle',
      lock: 'Verrouillage',
      passwordChanged: 'Mot de passe changé',
      removed: 'Retiré',
      diagnose: 'ouvrir son diagnostic',
      kinds: { email: 'E-mail', username: "Nom d'utilisateur" },
      roles: { owner: 'Titulaire', team_member: 'Membre d’équipe' },
      unlocked: 'Non verrouillé',
      locked: 'Verrouillé',
      lockedPermanent: "Verrouillé jusqu'au déblocage par le support",
      until: "jusqu'au",
      failedAttempts: 'Mots de passe erronés : {{count}}',
      notRemoved: 'Non',
      removedBadge: 'Retiré',
    },
    blocks: {
      title: 'Blocages',
      empty: 'Aucun blocage sur ce compte.',
      kinds: {
        identity_check_required: "Vérification d'identité requise",
        suspicious_activity: 'Activité suspecte',
        self_block: 'Bloqué par le client',
      },
      open: 'En cours',
      lifted: 'Levé',
      placed: 'Posé le',
      notified: 'Client prévenu',
      notNotified: 'Pas encore',
      liftedAt: 'Levé le',
      note: 'Note :',
      noteHidden:
        "Le détail de ce blocage est réservé aux responsables d'équipe. Ne dites rien à l'appelant sur les signaux.",
      by: {
        system: 'par le système',
        customer: 'par le client',
        staff: 'par {{id}}',
        other: 'par un autre membre de l’équipe',
      },
      check: {
        title: "Vérification d'identité",
        status: {
          not_started: 'Non commencée',
          submitted: 'Envoyée',
          approved: 'Approuvée',
          rejected: 'Refusée',
        },
        overdue: 'En retard',
        onTime: 'Dans les 48 h',
        submitted: 'Documents envoyés',
        notSubmitted: 'Pas encore',
        due: 'Décision attendue',
        decided: 'Décidée le',
      },
    },
    billing: {
      title: 'Facturation',
      card: 'Carte enregistrée',
      address: 'Adresse de facturation',
      yes: 'Oui',
      no: 'Non',
      cardHidden:
        'La carte masquée apparaît une fois le titulaire vérifié sur le ticket de cet appel.',
      addressHidden:
        'La ville et le pays apparaissent une fois le titulaire vérifié sur le ticket de cet appel.',
      balance: 'Solde',
      owes: '{{amount}} dus',
      settled: 'Rien à payer',
      charges: 'Derniers prélèvements',
      noCharges: 'Aucun prélèvement pour le moment.',
      date: 'Date',
      amount: 'Montant',
      outcome: 'Résultat',
      outcomes: { succeeded: 'Payé', failed: 'Échec' },
      failure: {
        card_declined: 'Carte refusée',
        insufficient_funds: 'Provision insuffisante',
        expired_card: 'Carte expirée',
      },
    },
    timeline: {
      title: 'Historique',
      empty: "Aucun événement ni e-mail pour ce compte pour l'instant.",
      by: 'par {{name}}',
      ticket: 'ticket <ticket>{{ticketRef}}</ticket>',
      email: 'E-mail : {{template}}',
      to: 'à {{to}}',
      actions: {
        auth: {
          login: "Connexion d'un agent",
          logout: "Déconnexion d'un agent",
        },
        verification: {
          send_code: 'Code de vérification envoyé',
          check: "Vérification de l'appelant",
        },
        account: {
          reactivate: 'Compte réactivé',
        },
        login: {
          detach_team_member: "Identifiant de membre d'équipe détaché",
          unlock: 'Identifiant déverrouillé',
          send_password_reset: 'Lien de réinitialisation envoyé',
        },
        block: {
          lift: 'Blocage levé',
        },
        identity_check: {
          decide: "Vérification d'identité décidée",
        },
        review: {
          mark: 'Réactivation revue',
        },
        staff: {
          create: 'Membre du personnel créé',
          set_role: 'Rôle modifié',
          disable: 'Membre du personnel désactivé',
        },
        job: {
          dunning: 'Relance de paiement (planificateur)',
          lockout_expiry: 'Fin de verrouillage (planificateur)',
          purge: 'Compte purgé (planificateur)',
        },
      },
      outcomes: {
        succeeded: 'Effectué',
        refused: 'Refusé',
        passed: 'Réussie',
        failed: 'Échouée',
        locked: 'Bloquée',
      },
    },
  },
  outbox: {
    title: "Boîte d'envoi",
    all: 'Tous les e-mails',
    intro:
      'Les e-mails mis en file ou envoyés par la console, du plus récent au plus ancien. Les codes et liens à usage unique ne sont jamais affichés.',
    maskedNote: 'Les destinataires sont masqués pour les agents.',
    filterLabel: 'Identifiant du compte',
    filterPlaceholder: 'acc_…',
    filter: 'Filtrer',
    clear: 'Tout afficher',
    invalidId: 'Un identifiant de compte commence par acc_ suivi de lettres et de chiffres.',
    filteredBy: 'E-mails du compte {{accountId}}',
    refresh: 'Actualiser',
    more: 'Page suivante (e-mails plus anciens)',
    shown: '{{shown}} e-mails affichés',
    account: 'Ouvrir le compte {{accountId}}',
    showBody: 'Afficher le contenu de « {{subject}} »',
    hideBody: 'Masquer le contenu de « {{subject}} »',
    sentAt: 'Envoyé le',
    attempts: 'Tentatives : {{attempts}}',
    lastError: 'Dernière erreur : {{error}}',
    empty: "Aucun e-mail pour l'instant.",
    emptyFiltered: 'Aucun e-mail pour ce compte.',
    columns: {
      body: 'Contenu',
      created: 'Créé le',
      template: 'E-mail',
      to: 'Destinataire',
      subject: 'Objet',
      status: 'Statut',
    },
    status: { pending: 'En attente', sent: 'Envoyé', failed: 'Échec' },
    templates: {
      verification_code: 'Code de vérification',
      account_reactivated: 'Compte réactivé',
      team_member_detached: "Membre d'équipe retiré",
      login_unlocked: 'Identifiant déverrouillé',
      password_reset: 'Lien de réinitialisation',
      block_lifted: 'Blocage levé',
      identity_check_decided: "Décision de vérification d'identité",
    },
  },
  lead: {
    account: 'Compte',
    agent: 'Agent',
    ticket: 'Ticket',
    ticketColon: 'Ticket :',
    openAccount: 'Ouvrir le compte {{accountId}}',
    loadMore: 'Afficher plus',
    yes: 'oui',
    no: 'non',
    forbiddenHint:
      'Votre rôle ({{role}}) ne donne pas accès à cette page. Adressez-vous à un responsable ou à un administrateur.',
    daysLeftLabel: 'Jours restants',
    daysLeft_zero: 'Moins d’un jour restant',
    daysLeft_one: '{{count}} jour restant',
    daysLeft_other: '{{count}} jours restants',
    deactivationReasonLabel: 'Motif de désactivation',
    method: {
      card_last4: '4 derniers chiffres de la carte',
      billing_address: 'Adresse de facturation',
      email_code: 'Code par e-mail',
    },
    deactivationReason: {
      owner_cancelled: 'Résilié par le titulaire',
      owner_request: 'À la demande du titulaire',
      non_payment: 'Impayé',
      trial_expired: "Fin de l'essai",
      terms_violation: 'Violation des conditions',
    },
    role: { agent: 'Agent', lead: 'Responsable', admin: 'Administrateur' },
    actor: {
      system: 'Système (planificateur)',
      cli: 'Ligne de commande',
      other: 'Un autre membre de l’équipe',
    },
  },
  audit: {
    title: "Journal d'audit",
    intro:
      'Chaque action, vérification et refus, du plus récent au plus ancien. Le journal est en ajout seul et chaîné par empreinte.',
    ownOnly: 'Vos propres actions, vérifications et refus, du plus récent au plus ancien.',
    csv: 'Télécharger le CSV',
    shownMore_one: '{{shown}} événement affiché, la suite plus bas',
    shownMore_other: '{{shown}} événements affichés, la suite plus bas',
    shownAll_one: '{{shown}} événement',
    shownAll_other: '{{shown}} événements',
    empty: 'Aucun événement ne correspond à ces filtres.',
    expand: "Afficher le détail de l'événement n° {{id}}",
    collapse: "Masquer le détail de l'événement n° {{id}}",
    event: 'Événement',
    reason: 'Motif du refus',
    login: 'Connexion',
    verification: 'Vérification',
    noDetails: 'Aucun autre détail enregistré.',
    changes: 'Champs modifiés',
    field: 'Champ',
    before: 'Avant',
    after: 'Après',
    changed: 'modifié',
    rawJson: 'JSON brut',
    columns: {
      details: 'Détail',
      when: 'Date',
      staff: "Membre de l'équipe",
      action: 'Action',
      outcome: 'Résultat',
      account: 'Compte',
      ticket: 'Ticket',
    },
    filters: {
      title: "Filtres du journal d'audit",
      staff: "Membre de l'équipe",
      staffAny: "Toute l'équipe",
      staffId: 'Identifiant du membre',
      action: 'Action',
      actionAny: 'Toutes les actions',
      account: 'Identifiant du compte',
      accountInvalid: 'Un identifiant de compte commence par acc_ suivi de lettres et de chiffres.',
      from: 'Du (jour)',
      to: 'Au (jour inclus)',
      rangeInvalid: 'Le premier jour ne doit pas être après le dernier.',
      apply: 'Appliquer',
      clear: 'Effacer',
    },
    outcome: {
      succeeded: 'Réussi',
      refused: 'Refusé',
      passed: 'Validée',
      failed: 'Échouée',
      locked: 'Bloquée',
    },
    action: {
      auth: { login: 'Connexion', logout: 'Déconnexion' },
      verification: {
        send_code: 'Code de vérification envoyé',
        check: "Vérification d'un appelant",
      },
      account: { reactivate: 'Réactivation de compte' },
      login: {
        detach_team_member: "Connexion de membre d'équipe détachée",
        unlock: 'Connexion débloquée',
        send_password_reset: 'Lien de réinitialisation envoyé',
      },
      block: { lift: 'Blocage levé' },
      identity_check: { decide: "Décision sur une vérification d'identité" },
      review: { mark: "Revue d'une réactivation" },
      staff: {
        create: "Membre de l'équipe ajouté",
        set_role: 'Rôle modifié',
        disable: "Membre de l'équipe désactivé",
      },
      job: {
        dunning: 'Tâche de relance des impayés',
        lockout_expiry: 'Tâche de fin de verrouillage',
        purge: 'Tâche de purge',
      },
    },
    chain: {
      label: "État de la chaîne d'audit",
      intact: 'Chaîne intacte ✓ · {{count}} événements vérifiés',
      broken: "Chaîne rompue à l'événement n° {{id}}",
      brokenHint:
        "{{count}} événements vérifiés : l'événement n° {{id}} ne correspond pas à la chaîne ou à un point de contrôle signé. Le journal a peut-être été modifié hors de la console.",
      checkpoint: "Point de contrôle signé à l'événement n° {{id}}, {{at}}",
      noCheckpoint: 'Pas encore de point de contrôle signé',
      fullCheckPassed: 'vérification complète {{at}} : réussie',
      fullCheckFailed: 'vérification complète {{at}} : échouée',
      noFullCheck: 'pas encore de vérification complète',
      checking: 'Vérification de la chaîne…',
      error: 'Chaîne non vérifiée',
      recheck: 'Revérifier',
    },
  },
  reports: {
    title: 'Rapport des réactivations',
    intro:
      'Réactivations par agent et par semaine ISO, proximité de la purge, vérifications échouées et taux de revue.',
    rangeLabel: 'Période du rapport',
    from: 'Du (jour)',
    to: 'Au (jour inclus)',
    apply: 'Afficher',
    defaultRange: '12 dernières semaines',
    range: 'Du {{from}} au {{to}}',
    empty: 'Aucune réactivation sur cette période.',
    coverageValue: '{{reviewed}} sur {{total}} · {{percent}}',
    columns: {
      agent: 'Agent',
      week: 'Semaine',
      reactivations: 'Réactivations',
      nearPurge: 'À 7 jours ou moins de la purge',
      failures: 'Vérifications échouées',
      coverage: 'Taux de revue',
      concerns: 'Réserves ouvertes',
    },
    agents: { title: 'Par agent' },
    weeks: { title: 'Par agent et par semaine ISO', weekOf: 'semaine du {{date}}' },
    distribution: {
      title: 'Jours restants dans le délai au moment de la réactivation',
      bucket: '{{range}} j',
      caption: 'Réactivations selon les jours restants : {{summary}}.',
    },
    nearPurge: {
      title: 'Réactivées à 7 jours ou moins de la purge',
      reactivated: 'Réactivé',
      empty: 'Aucune sur cette période.',
    },
  },
  reviews: {
    title: 'Revue des réactivations',
    intro:
      "Chaque réactivation arrive ici pour qu'un responsable la contrôle : ticket, vérification, motif et jours restants. Les revues ouvertes d'abord.",
    queueTitle: 'Réactivations',
    empty: 'Aucune réactivation à revoir.',
    markOk: 'Revue — conforme',
    raiseConcern: 'Émettre une réserve',
    settle: 'Lever la réserve',
    own: 'Vous avez fait cette réactivation : un autre responsable doit la revoir.',
    reviewedBy: 'par {{name}},',
    filter: {
      label: 'Revues à afficher',
      open: 'Ouvertes',
      concern: 'Réserves',
      reviewed_ok: 'Revues',
      all: 'Toutes',
    },
    coverage: {
      title: 'Taux de revue par agent',
      concerns_one: '{{value}} réserve',
      concerns_other: '{{value}} réserves',
    },
    columns: {
      reactivated: 'Réactivé par',
      account: 'Compte',
      verification: 'Vérification',
      reason: 'Motif et jours restants',
      status: 'Revue',
      actions: 'Actions',
    },
    status: { open: 'À revoir', reviewed_ok: 'Revue — conforme', concern: 'Réserve' },
    modal: {
      titleOk: 'Marquer comme revue — conforme',
      titleConcern: 'Émettre une réserve',
      titleSettle: 'Lever la réserve',
      effectOk:
        "Vous confirmez que cette réactivation a respecté les règles. La mention est inscrite au journal d'audit et ne peut plus être changée.",
      effectConcern:
        "La réactivation apparaît comme une réserve dans le rapport de l'agent jusqu'à ce qu'un responsable la lève. Dites ce qui ne va pas.",
      effectSettle:
        'La réserve est close et la réactivation compte comme revue. Dites comment la situation a été réglée.',
      previousNote: 'Réserve émise',
      note: 'Note',
      noteOptional: 'Note (facultative)',
      noteRequired: 'Une réserve doit dire ce qui ne va pas.',
      noteSettleRequired: 'Dites comment la réserve a été réglée.',
      submitOk: 'Marquer comme revue',
    },
    done: {
      reviewed_ok: 'Marquée comme revue',
      concern: 'Réserve émise',
      message: "Ticket {{ticket}} : la mention est inscrite au journal d'audit.",
    },
  },
  identityChecks: {
    title: "Vérifications d'identité",
    intro:
      "Les vérifications soumises, par échéance : le client a la promesse d'une décision dans les 48 heures suivant l'envoi de ses documents.",
    empty: "Aucune vérification d'identité en attente.",
    approve: 'Approuver',
    reject: 'Refuser',
    notSubmitted: "Rien à décider tant que le client n'a pas envoyé ses documents.",
    blockedSince: 'Bloqué',
    failed: "La décision n'a pas été enregistrée",
    columns: {
      due: 'Échéance',
      account: 'Compte',
      submitted: 'Soumise',
      status: 'État',
      actions: 'Décision',
    },
    status: {
      not_started: 'Pas encore soumise',
      submitted: 'Soumise',
      approved: 'Approuvée',
      rejected: 'Refusée',
    },
    sla: {
      overdue: 'En retard de {{duration}}',
      soon: 'Échéance dans {{duration}}',
      ok: 'Échéance dans {{duration}}',
      waiting: 'Documents attendus',
    },
    duration: {
      minutes: '{{count}} min',
      hours: '{{count}} h',
      days: '{{days}} j {{hours}} h',
    },
    modal: {
      approveTitle: "Approuver la vérification d'identité",
      rejectTitle: "Refuser la vérification d'identité",
      approveEffect:
        "Le blocage pour vérification d'identité de {{account}} est levé : le client peut se reconnecter aussitôt. Le titulaire reçoit la décision par e-mail.",
      rejectEffect:
        "Le blocage de {{account}} reste en place. Le titulaire est informé par e-mail que la vérification n'a pas été approuvée, et un responsable reprend contact avec lui.",
      ticket: 'Référence du ticket',
      ticketRequired: 'La référence du ticket est obligatoire.',
      note: 'Note',
      noteHint: "Pourquoi cette décision ; elle est inscrite au journal d'audit.",
      noteRequired: 'La note est obligatoire.',
      submitApprove: 'Approuver et lever le blocage',
      submitReject: 'Refuser la vérification',
    },
    done: {
      approve: "Vérification d'identité approuvée",
      reject: "Vérification d'identité refusée",
      lifted: 'Le blocage est levé et le titulaire a été prévenu par e-mail.',
      emailed: 'Le titulaire a reçu la décision par e-mail.',
    },
  },
  alerts: {
    title: 'Alertes',
    intro:
      "Les comptes dont la vérification des appelants est bloquée après 3 échecs, et les membres de l'équipe freinés après 10 échecs en une heure.",
    includeExpired: 'Inclure les alertes expirées',
    active: 'En vigueur',
    expired: 'Expirée',
    failures_one: "{{value}} échec dans l'heure",
    failures_other: "{{value}} échecs dans l'heure",
    columns: { failures: 'Échecs', raised: 'Déclenchée', state: 'État' },
    locks: {
      title: 'Vérifications bloquées',
      empty: "Aucun compte n'est bloqué pour la vérification.",
      until: "Bloquée jusqu'à",
    },
    throttled: {
      title: "Membres de l'équipe freinés",
      empty: "Aucun membre de l'équipe n'est freiné.",
      who: "Membre de l'équipe",
      until: "Freiné jusqu'à",
    },
  },
  staff: {
    title: 'Équipe',
    intro:
      "Qui peut utiliser la console, et avec quel rôle. Chaque modification est inscrite au journal d'audit.",
    you: 'vous',
    active: 'Actif',
    disabled: 'Désactivé',
    disabledOn: 'Désactivé le',
    disable: 'Désactiver',
    disableWho: 'Désactiver {{name}}',
    disableSelf: 'Vous ne pouvez pas désactiver votre propre compte.',
    roleOf: 'Rôle de {{name}}',
    failed: 'La modification a été refusée',
    columns: {
      name: 'Nom',
      email: 'E-mail',
      role: 'Rôle',
      created: 'Ajouté le',
      status: 'État',
      actions: 'Actions',
    },
    confirmRole: {
      title: 'Changer le rôle de {{name}} ?',
      body: "{{from}} → {{to}}. Le changement s'applique aussitôt, y compris à ses sessions ouvertes.",
      confirm: 'Changer le rôle',
    },
    confirmDisable: {
      title: 'Désactiver {{name}} ?',
      body: "{{email}} est déconnecté aussitôt et ne pourra plus se connecter. Ses événements d'audit restent. Cette opération ne peut pas être annulée depuis la console.",
      confirm: 'Désactiver',
    },
    done: {
      createdTitle: "Membre de l'équipe ajouté",
      created: '{{name}} peut maintenant se connecter.',
      roleTitle: 'Rôle modifié',
      role: '{{name}} est maintenant {{role}}.',
      disabledTitle: "Membre de l'équipe désactivé",
      disabled: '{{name}} ne peut plus se connecter.',
    },
    create: {
      title: "Ajouter un membre de l'équipe",
      email: 'E-mail professionnel',
      emailInvalid: 'Saisissez une adresse e-mail valide.',
      emailTaken: 'Un membre de l’équipe a déjà cet e-mail. Utilisez-en un autre.',
      name: 'Nom affiché',
      nameRequired: 'Le nom est obligatoire.',
      role: 'Rôle',
      password: 'Mot de passe initial',
      passwordHint: 'Au moins {{min}} caractères. Transmettez-le en privé.',
      passwordShort: 'Au moins {{min}} caractères.',
      submit: 'Ajouter',
    },
    endSessions: {
      label: 'Fermer les sessions',
      who: 'Fermer les sessions de {{name}}',
      title: 'Fermer toutes les sessions de {{name}} ?',
      body: '{{email}} est déconnecté sur tous ses appareils à l’instant, et peut se reconnecter.',
      bodySelf:
        'Vous êtes déconnecté ici et sur tous vos autres appareils, et pouvez vous reconnecter.',
      confirm: 'Fermer toutes les sessions',
      doneTitle: 'Sessions fermées',
      done_zero: '{{name}} n’avait aucune session ouverte.',
      done_one: '{{count}} session de {{name}} fermée.',
      done_other: '{{count}} sessions de {{name}} fermées.',
    },
  },
  /** The signed-in staff member's own sign-in security: where they are signed in. */
  security: {
    title: 'Sécurité',
    intro:
      'Là où vous êtes connecté à la console. Fermez toute session que vous ne reconnaissez pas : elle est refusée dès sa requête suivante, sur tous les serveurs.',
    sessions: {
      title: 'Où vous êtes connecté',
      none: 'Aucune session ouverte.',
      current: 'Cette session',
      lastFrom: 'vue en dernier depuis {{ip}}',
      end: 'Fermer',
      endWho: 'Fermer la session sur {{device}}',
      endCurrentWho: 'Fermer cette session sur {{device}} et se déconnecter',
      failed: 'La session n’a pas pu être fermée',
    },
    device: { both: '{{browser}} sous {{os}}', unknown: 'Appareil inconnu' },
    columns: {
      device: 'Appareil',
      address: 'Adresse',
      started: 'Ouverte le',
      lastSeen: 'Dernière activité',
    },
    confirmCurrent: {
      title: 'Fermer cette session ?',
      body: 'C’est la session que vous utilisez : la fermer vous déconnecte ici.',
      confirm: 'Fermer et se déconnecter',
    },
    done: { title: 'Session fermée', body: 'La session sur {{device}} est déconnectée.' },
  },
  lookup: {
    title: 'Recherche',
    box: {
      label: 'E-mail, identifiant ou id de compte',
      hint: 'Ce avec quoi l’appelant se connecte. Touche / ou Ctrl+K depuis n’importe où.',
      placeholder: 'jean.dupont@example.fr, jdupont ou acc_…',
      searching: 'Recherche…',
      noResults:
        'Aucun identifiant ne commence ainsi. Appuyez sur Entrée pour le diagnostiquer tel quel.',
      results: 'Identifiants correspondants',
      matchedBy: {
        account_id: 'par id de compte',
        identifier_prefix: 'par identifiant',
        contact_email: 'par e-mail de contact',
      },
    },
    ticket: {
      label: 'Référence du ticket',
      hint: 'Requise pour vérifier et agir.',
      placeholder: 'ABC-123',
    },
    empty: {
      title: 'Qui appelle ?',
      body: 'Saisissez l’e-mail, l’identifiant ou l’id de compte que donne l’appelant. Le diagnostic montre toutes les raisons de l’échec de connexion, la solution et quoi lui dire.',
    },
    diagnosis: {
      title: 'Diagnostic pour {{query}}',
      findings: 'Constats',
      loading: 'Diagnostic en cours…',
    },
    logins: {
      caption: 'Identifiants auxquels mène cette saisie',
      identifier: 'Identifiant',
      role: 'Rôle',
      account: 'Compte',
      status: 'Statut du compte',
      viaContactEmail: 'trouvé par l’e-mail de contact du compte',
    },
    status: {
      active: 'Actif',
      limited: 'Limité',
      deactivated: 'Désactivé',
      purged: 'Purgé',
    },
    plan: { free: 'Offre gratuite', trial: 'Essai', paid: 'Offre payante' },
    role: { owner: 'Titulaire', team_member: 'Membre d’équipe' },
    severity: { blocking: 'Bloquant', warning: 'Attention', info: 'Info' },
    count: {
      contacts_one: '{{count, number}} contact',
      contacts_other: '{{count, number}} contacts',
      lists_one: '{{count, number}} liste',
      lists_other: '{{count, number}} listes',
      campaigns_one: '{{count, number}} campagne',
      campaigns_other: '{{count, number}} campagnes',
    },
    finding: {
      identifier_not_found: 'Aucun identifiant ne correspond',
      purged: 'Compte purgé',
      ambiguous_login: 'Un e-mail, plusieurs identifiants',
      deactivated_reactivatable: 'Désactivé : peut être réactivé',
      deactivated_window_closed: 'Désactivé : le délai de 120 jours est écoulé',
      deactivated_terms: 'Fermé pour non-respect des conditions d’utilisation',
      login_locked: 'Identifiant verrouillé',
      identity_check_required: 'Vérification d’identité requise',
      suspicious_activity: 'Blocage pour activité suspecte',
      self_block: 'Bloqué par le client',
      limited_payment_failed: 'Limité : un paiement a échoué',
      username_login: 'Connexion par nom d’utilisateur',
      recent_credential_change: 'Mot de passe changé récemment',
      recent_support_action: 'Action récente sur ce compte',
      no_blocker_found: 'Aucun blocage trouvé',
    },
    facts: {
      notFound: 'Aucun identifiant ni compte purgé ne correspond à ce que dit l’appelant.',
      notFoundAccountId:
        'Aucun compte, actif ou purgé, n’a cet identifiant de compte. Demandez à l’appelant de le relire, ou recherchez-le par e-mail ou nom d’utilisateur.',
      nearMatchesTitle: 'Correspondances proches',
      nearMatchesWarning:
        'Pour vous seul : ne les lisez pas à voix haute, elles peuvent appartenir à d’autres personnes. Demandez plutôt à l’appelant d’épeler son identifiant.',
      noNearMatches: 'Aucune correspondance proche non plus.',
      diagnoseThis: 'Diagnostiquer {{identifier}}',
      reason: 'Motif',
      reasons: {
        owner_cancelled: 'Résilié par son titulaire',
        owner_request: 'Désactivé à la demande du titulaire',
        non_payment: 'Impayé depuis 90 jours',
        trial_expired: 'Fin de l’essai',
        terms_violation: 'Non-respect des conditions d’utilisation',
      },
      deactivatedAt: 'Désactivé le',
      purgedAt: 'Purgé le',
      purgeAfter: 'Fin du délai',
      purgedNote:
        'Il ne reste rien à restaurer. L’appelant peut se réinscrire avec la même adresse.',
      window: 'Délai de réactivation (120 jours)',
      daysLeft_zero: 'Moins d’un jour restant',
      daysLeft_one: '{{count}} jour restant',
      daysLeft_other: '{{count}} jours restants',
      restored: 'Restauré',
      after: 'Après réactivation',
      afterValue: '{{status}}, {{plan}}',
      windowClosedAt: 'Délai écoulé le',
      purgeDueAt: 'Effacement à partir du',
      windowClosedNote:
        'La réactivation n’est plus possible : les données sont en cours d’effacement.',
      termsNote:
        'Rien à faire dans la console : orientez l’appelant vers la procédure juridique et confiance.',
      ambiguousNote:
        'La connexion ne peut pas savoir quel compte cet e-mail désigne. Détacher l’identifiant membre d’équipe règle le problème.',
      memberships: 'Identifiants avec cet e-mail',
      lockedUntil: 'Verrouillé jusqu’à',
      lockPermanent:
        'Jusqu’au déverrouillage par le support (ou une réinitialisation du mot de passe)',
      lockoutCount: 'Verrouillages d’affilée',
      lockoutCountValue_one: '{{count}} verrouillage',
      lockoutCountValue_other: '{{count}} verrouillages',
      checkStatus: 'Vérification d’identité',
      checkStatuses: {
        not_started: 'Pas commencée : documents pas encore envoyés',
        submitted: 'Envoyée : en cours d’examen',
        approved: 'Approuvée',
        rejected: 'Refusée',
      },
      placedAt: 'Posé le',
      submittedAt: 'Envoyée le',
      dueAt: 'Décision attendue',
      overdue: 'En retard',
      onTime: 'Dans les délais',
      decidedAt: 'Décidée le',
      customerNotifiedAt: 'Client prévenu le',
      suspiciousNote:
        'Ne dites rien à l’appelant sur ce qui a déclenché ce blocage. Seul un responsable d’équipe peut le lever.',
      balance: 'Solde dû',
      paymentFailedAt: 'Premier paiement échoué',
      dunningRestartedAt: 'Période de paiement relancée',
      dunningRestartedNote:
        'Réactivé alors que le solde restait impayé : la période de paiement de 90 jours a recommencé à la réactivation. Aucun paiement n’a échoué ce jour-là.',
      nextRetryAt: 'Prochaine tentative de paiement',
      noMoreRetries: 'Plus aucune tentative',
      deactivatesAt: 'Désactivé si impayé le',
      dayOfDunning: 'Jour {{day}} sur {{total}}',
      username: 'Nom d’utilisateur',
      givenAs: 'L’appelant a donné',
      givenAsValues: {
        contact_email: 'l’e-mail de contact du compte',
        username: 'le nom d’utilisateur',
      },
      usernameVerifyFirst: 'Ne lisez le nom d’utilisateur qu’une fois l’appelant vérifié.',
      usernameVerified:
        'L’appelant est vérifié comme titulaire de cet identifiant : le script lui lit le nom d’utilisateur.',
      changedAt: 'Mot de passe changé le',
      likelyWrongPassword:
        'Rien ne bloque ces identifiants : un mauvais mot de passe est la cause la plus probable.',
      recent: {
        reactivated: 'Réactivé à {{time}} par {{who}}',
        detached: 'Identifiant membre d’équipe détaché à {{time}} par {{who}}',
        unlocked: 'Déverrouillé à {{time}} par {{who}}',
        unlocked_reset_sent:
          'Déverrouillé et lien de réinitialisation envoyé à {{time}} par {{who}}',
        reset_link_sent: 'Lien de réinitialisation envoyé à {{time}} par {{who}}',
        block_lifted: 'Blocage levé à {{time}} par {{who}}',
        byYou: 'vous',
        byOther: 'un autre membre de l’équipe',
        context: '{{ago}}, ticket <ticket>{{ticketRef}}</ticket>',
        next: 'Rien à refaire : dites à l’appelant ce qui a été fait.',
        anotherLink:
          'Un autre lien de réinitialisation peut encore être envoyé, dans la limite horaire.',
      },
    },
    action: {
      label: {
        reactivate: 'Réactiver le compte',
        detach_team_member: 'Détacher l’identifiant membre',
        unlock_login: 'Déverrouiller',
        send_password_reset: 'Envoyer un lien de réinitialisation',
        lift_self_block: 'Lever le blocage',
        lift_identity_check_block: 'Lever le blocage',
        lift_suspicious_block: 'Lever le blocage',
        decide_identity_check: 'Décider la vérification',
      },
      blocked: {
        role: 'Seul un responsable d’équipe peut le faire.',
        ticket: 'Saisissez d’abord la référence du ticket.',
        verify_owner: 'Vérifiez d’abord l’appelant comme titulaire de ce compte.',
        verify_login: 'Vérifiez d’abord l’appelant comme titulaire de cet identifiant.',
        verify_email: 'Vérifiez d’abord l’appelant comme titulaire de cet e-mail.',
        verification_locked: 'La vérification de ce compte est verrouillée après 3 échecs.',
        lead_decides: 'Un responsable d’équipe décide des vérifications d’identité.',
      },
      goVerify: 'Aller à la vérification',
      detachFromTeam: 'Détacher de l’équipe de {{team}}',
      alreadySent: 'Déjà envoyé à {{time}}',
    },
    script: {
      title: 'Quoi dire à l’appelant',
      language: 'Langue du texte',
      copy: 'Copier',
      copiedLong: 'Texte copié dans le presse-papiers.',
    },
    verify: {
      title: 'Vérification de l’appelant',
      noLogin: 'Recherchez un appelant pour le vérifier.',
      noMatch: 'Aucun identifiant ne correspond : personne à vérifier.',
      login: 'Vérifier l’appelant comme',
      loginOption: '{{role}} de {{accountId}}',
      ticket: 'Ticket <ticket>{{ticketRef}}</ticket>',
      needsTicket: 'Saisissez la référence du ticket pour vérifier l’appelant.',
      none: 'Aucune méthode de vérification n’est disponible pour cet identifiant.',
      teamMemberOnly: 'Un membre d’équipe ne peut être vérifié que par un code envoyé par e-mail.',
      methods: {
        card_last4: 'Carte',
        billing_address: 'Adresse',
        email_code: 'Code e-mail',
      },
      last4: '4 derniers chiffres de la carte',
      postalCode: 'Code postal',
      line1: 'Première ligne de l’adresse',
      check: 'Vérifier',
      sendCode: 'Envoyer un code',
      resendCode: 'Envoyer un nouveau code',
      codeGoesTo: 'Envoyé à {{sentTo}}',
      codeSent: 'Code envoyé à {{sentTo}}. Il est valable 10 minutes, 3 essais.',
      code: 'Code à 6 chiffres reçu par e-mail',
      state: {
        unverified: 'Non vérifié',
        verifiedUntil: 'Vérifié jusqu’à {{time}}',
        remaining: 'encore {{time}}',
        remainingLabel: 'Temps restant',
        lockedUntil: 'Verrouillé jusqu’à {{time}}',
        otherTicket:
          'Vérifié sur le ticket <ticket>{{ticketRef}}</ticket>, qui n’est pas ce ticket.',
        throttled:
          'Vous êtes suspendu jusqu’à {{time}} après 10 vérifications échouées en une heure. Un responsable a été alerté.',
      },
      outcome: {
        passed: 'Réussie. L’appelant est vérifié jusqu’à {{time}}.',
        failed:
          'Échec : cela ne correspond pas aux informations enregistrées. Ne dites pas à l’appelant quelle partie était fausse.',
        locked:
          'Verrouillé jusqu’à {{time}} : 3 vérifications échouées sur ce compte en une heure. Un responsable a été alerté.',
      },
    },
    modal: {
      title: {
        reactivate: 'Réactiver ce compte ?',
        detach_team_member: 'Détacher cet identifiant membre d’équipe ?',
        unlock_login: 'Déverrouiller cet identifiant ?',
        send_password_reset: 'Envoyer un lien de réinitialisation ?',
        lift_self_block: 'Lever le blocage posé par le client ?',
        lift_identity_check_block: 'Lever le blocage de vérification d’identité ?',
        lift_suspicious_block: 'Lever le blocage pour activité suspecte ?',
        decide_identity_check: 'Décider la vérification d’identité',
      },
      confirm: {
        reactivate: 'Réactiver',
        detach_team_member: 'Détacher',
        unlock_login: 'Déverrouiller',
        send_password_reset: 'Envoyer le lien',
        lift_self_block: 'Lever le blocage',
        lift_identity_check_block: 'Lever le blocage',
        lift_suspicious_block: 'Lever le blocage',
        decide_identity_check: 'Décider',
      },
      intro: 'Voici ce qui va se passer :',
      retry: 'Réessayer',
      note: 'Note pour le journal d’audit (facultatif)',
      noteRequired: 'Pourquoi il est levé (va dans le journal d’audit)',
      audit: 'Le ticket {{ticketRef}} et votre nom sont inscrits au journal d’audit.',
      reactivate: {
        statusActive: 'Le compte redevient actif.',
        statusLimited:
          'Le compte revient en mode limité : le solde impayé reste dû et les tentatives de paiement reprennent aujourd’hui.',
        planChanged: 'L’offre devient : {{plan}}.',
        planSame: 'L’offre reste : {{plan}}.',
        daysLeft_zero:
          'Il restait moins d’un jour sur le délai de 120 jours (il se serait terminé le {{purgeAfter}}).',
        daysLeft_one:
          'Il restait {{count}} jour sur le délai de 120 jours (il se serait terminé le {{purgeAfter}}).',
        daysLeft_other:
          'Il restait {{count}} jours sur le délai de 120 jours (il se serait terminé le {{purgeAfter}}).',
        restored:
          'Tout revient comme avant : {{counts}}. Les identifiants peuvent de nouveau se connecter.',
        email: 'Un e-mail prévient le titulaire à {{email}}.',
        review: 'Un responsable d’équipe contrôlera cette réactivation.',
      },
      detach: {
        removed: 'L’identifiant membre d’équipe {{identifier}} est retiré du compte {{accountId}}.',
        keeps: '{{identifier}} garde ses autres identifiants et peut de nouveau s’y connecter.',
        email:
          'Le titulaire de {{accountId}} ({{email}}) reçoit un e-mail disant qui a été retiré et pourquoi ; {{identifier}} est aussi prévenu.',
      },
      unlock: {
        cleared:
          'Le verrou de {{identifier}} est levé et le compteur de mots de passe erronés remis à zéro : la connexion fonctionne aussitôt.',
        permanent:
          'Il était verrouillé jusqu’au déverrouillage par le support (3 verrouillages d’affilée).',
        email: 'Un e-mail prévient le titulaire à {{email}} (et l’adresse de l’identifiant).',
        alsoReset: 'Envoyer aussi un lien pour choisir un nouveau mot de passe',
      },
      reset: {
        sent: 'Un lien pour choisir un nouveau mot de passe part à l’adresse enregistrée ({{sentTo}}).',
        once: 'Le lien fonctionne une fois, pendant 1 heure. 3 liens au plus par identifiant et par heure.',
        nothingElse: 'Rien d’autre ne change sur le compte.',
      },
      lift: {
        self: 'Le blocage posé par le client le {{placedAt}} est levé : il peut se connecter tout de suite.',
        identity:
          'La vérification d’identité a été approuvée le {{decidedAt}} ; son blocage est levé et le compte peut se connecter.',
        suspicious:
          'Le blocage pour activité suspecte posé le {{placedAt}} est levé : le compte peut de nouveau se connecter.',
        noteWhy: 'Expliquez pourquoi dans la note : elle va dans le journal d’audit.',
        email: 'Un e-mail prévient le titulaire à {{email}}.',
      },
    },
    done: {
      reactivate: 'Compte réactivé',
      detach_team_member: 'Identifiant membre d’équipe détaché',
      unlock_login: 'Identifiant déverrouillé',
      send_password_reset: 'Lien de réinitialisation envoyé',
      lift_self_block: 'Blocage levé',
      lift_identity_check_block: 'Blocage levé',
      lift_suspicious_block: 'Blocage levé',
      decide_identity_check: 'Vérification d’identité décidée',
      refreshed: 'Le diagnostic ci-dessous montre le compte tel qu’il est maintenant.',
      resetLimited:
        'Trois liens de réinitialisation ont déjà été envoyés pour cet identifiant dans l’heure : le prochain pourra partir à {{time}}.',
      resetLimitedUnlock:
        'Décochez le lien pour déverrouiller l’identifiant maintenant, et envoyez-en un après {{time}}.',
      failed: 'Non effectué : {{action}}',
      network:
        'Le serveur n’a pas répondu. Réessayez : la même demande est renvoyée, elle ne peut pas s’appliquer deux fois.',
      incomplete:
        'Rien n’a été envoyé : il manque au diagnostic une donnée dont cette action a besoin ({{missing}}). Fermez cette fenêtre et relancez la recherche.',
    },
  },
  reason: {
    UNAUTHENTICATED: 'Votre session a pris fin : reconnectez-vous.',
    FORBIDDEN_ROLE: 'Votre rôle ne permet pas cette action.',
    INVALID_INPUT: "Une saisie n'a pas été acceptée.",
    NOT_FOUND: 'Introuvable : il a peut-être été modifié ou supprimé.',
    VERIFICATION_REQUIRED: "Vérifiez d'abord l'identité de l'appelant.",
    VERIFICATION_EXPIRED: "La vérification a expiré (15 minutes) : vérifiez de nouveau l'appelant.",
    VERIFICATION_LOCKED:
      'La vérification est bloquée pour ce compte après 3 échecs : réessayez plus tard.',
    STAFF_THROTTLED: 'Trop de vérifications échouées de votre part : un responsable a été alerté.',
    WINDOW_CLOSED: 'Le délai de 120 jours est dépassé : le compte ne peut plus être réactivé.',
    NOT_REACTIVATABLE: 'Ce compte ne peut pas être réactivé depuis la console.',
    NOT_DEACTIVATED: "Le compte n'est pas désactivé.",
    NOT_TEAM_MEMBER: "Seule une connexion de membre d'équipe peut être détachée.",
    BLOCK_NOT_LIFTABLE: 'Ce blocage ne peut pas être levé de cette façon.',
    RATE_LIMITED: 'Limite atteinte : patientez avant de réessayer.',
    VERSION_CONFLICT: "Quelqu'un vient de modifier ce compte : l'affichage montre l'état à jour.",
    PASSWORD_SIGN_IN_OFF:
      "La connexion par mot de passe est désactivée : connectez-vous avec votre compte d'entreprise.",
    STEP_UP_REQUIRED: 'Confirmez votre identité (second facteur) pour faire ceci.',
  },
};
